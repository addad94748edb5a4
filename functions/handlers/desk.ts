/**
 * Desk audience: dispatchers, project managers, supervisors and admins.
 * In AWS this module is the Lambda behind the routes AUDIENCES.desk lists; locally the same `app` is
 * mounted on the local server.
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { type AuthDeps, environmentDeps } from '../auth/deps.ts';
import { mountDeskRoutes } from '../auth/routes.ts';
import { createApi, notYetBuilt } from '../lib/api.ts';

/** The audience's app; tests pass their own clock. */
export function createApp(overrides: Partial<AuthDeps> = {}): Hono {
  const app = createApi();
  mountDeskRoutes(app, environmentDeps(overrides));
  notYetBuilt(app, '/api/desk/*');
  return app;
}

export const app = createApp();

export const handler = handle(app);
