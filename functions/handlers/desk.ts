/**
 * Desk audience: dispatchers, project managers, supervisors and admins.
 * In AWS this module is the Lambda behind the routes AUDIENCES.desk lists; locally the same `app` is
 * mounted on the local server.
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { type AuthDeps, environmentDeps } from '../auth/deps.ts';
import { mountDeskRoutes } from '../auth/routes.ts';
import { mountContractRoutes } from '../contracts/routes.ts';
import { mountDeviceRoutes } from '../devices/routes.ts';
import { mountDutyRoutes } from '../duty/routes.ts';
import { mountInspectionDeskRoutes } from '../field/desk-routes.ts';
import { createApi, notYetBuilt } from '../lib/api.ts';
import { mountStaffRoutes } from '../staff/routes.ts';
import { mountTicketDeskRoutes } from '../tickets/desk-routes.ts';

/** The audience's app; tests pass their own clock. */
export function createApp(overrides: Partial<AuthDeps> = {}): Hono {
  const app = createApi();
  const deps = environmentDeps(overrides);
  mountDeskRoutes(app, deps);
  mountTicketDeskRoutes(app, deps);
  mountContractRoutes(app, deps);
  mountDeviceRoutes(app, deps);
  mountInspectionDeskRoutes(app, deps);
  mountStaffRoutes(app, deps);
  mountDutyRoutes(app, deps);
  notYetBuilt(app, '/api/desk/*');
  return app;
}

export const app = createApp();

export const handler = handle(app);
