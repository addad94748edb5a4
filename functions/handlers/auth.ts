/**
 * Auth audience: sign-in by SMS code, token refresh and sign-out for staff.
 * In AWS this module is the Lambda behind the routes AUDIENCES.auth lists; locally the same `app` is
 * mounted on the local server.
 */
import { handle } from 'hono/aws-lambda';
import { createApi, notYetBuilt } from '../lib/api.ts';

export const app = createApi();

notYetBuilt(app, '/api/auth/*');

export const handler = handle(app);
