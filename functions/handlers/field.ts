/**
 * Field audience: engineers' tickets, check-in, inspections and the offline outbox.
 * In AWS this module is the Lambda behind the routes AUDIENCES.field lists; locally the same `app` is
 * mounted on the local server.
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { GuardDeps } from '../auth/guard.ts';
import { environmentSigningKeys } from '../auth/keys.ts';
import { mountFieldRoutes } from '../field/routes.ts';
import { createApi, notYetBuilt } from '../lib/api.ts';

/** The audience's app; tests pass their own clock. */
export function createApp(overrides: Partial<GuardDeps> = {}): Hono {
  const app = createApi();
  mountFieldRoutes(app, {
    clock: overrides.clock ?? (() => new Date()),
    keys: overrides.keys ?? environmentSigningKeys,
  });
  notYetBuilt(app, '/api/field/*');
  return app;
}

export const app = createApp();

export const handler = handle(app);
