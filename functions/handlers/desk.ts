/**
 * Desk audience: dispatchers, project managers, supervisors and admins.
 * In AWS this module is the Lambda behind the routes AUDIENCES.desk lists; locally the same `app` is
 * mounted on the local server.
 */
import { handle } from 'hono/aws-lambda';
import { createApi, notYetBuilt } from '../lib/api.ts';

export const app = createApi();

notYetBuilt(app, '/api/desk/*');

export const handler = handle(app);
