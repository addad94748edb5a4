/**
 * Field audience: engineers' tickets, check-in, inspections and the offline outbox.
 * In AWS this module is the Lambda behind the routes AUDIENCES.field lists; locally the same `app` is
 * mounted on the local server.
 */
import { handle } from 'hono/aws-lambda';
import { createApi, notYetBuilt } from '../lib/api.ts';

export const app = createApi();

notYetBuilt(app, '/api/field/*');

export const handler = handle(app);
