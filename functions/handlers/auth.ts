/**
 * Auth audience: sign-in by SMS code, token refresh and sign-out for staff.
 * In AWS this module is the Lambda behind the routes AUDIENCES.auth lists; locally the same `app` is
 * mounted on the local server.
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { type AuthDeps, environmentDeps } from '../auth/deps.ts';
import { mountAuthRoutes } from '../auth/routes.ts';
import { createApi, notYetBuilt } from '../lib/api.ts';

/** The audience's app; tests pass their own clock, SMS port or response floor. */
export function createApp(overrides: Partial<AuthDeps> = {}): Hono {
  const app = createApi();
  mountAuthRoutes(app, environmentDeps(overrides));
  notYetBuilt(app, '/api/auth/*');
  return app;
}

export const app = createApp();

export const handler = handle(app);
