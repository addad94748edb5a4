/**
 * Public audience: fault intake and status pages for customers (no account), and the health check.
 * In AWS this module is the Lambda behind the routes AUDIENCES.public lists; locally the same `app`
 * is mounted on the local server.
 *
 *   PUBLIC_LIMIT_PER_LINK_PER_HOUR, PUBLIC_LIMIT_PER_IP_PER_HOUR: the public POST limits (default 60
 *   and 30); raised only by the load benchmark.
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createApi, notYetBuilt } from '../lib/api.ts';
import { config } from '../lib/config.ts';
import { storeAnswers } from '../lib/store.ts';
import { mountPublicRoutes, type PublicDeps } from '../tickets/public-routes.ts';

function limitFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Sitecall: ${name} must be a positive integer`);
  return value;
}

const LIMITS = {
  perLinkPerHour: limitFromEnvironment('PUBLIC_LIMIT_PER_LINK_PER_HOUR', 60),
  perIpPerHour: limitFromEnvironment('PUBLIC_LIMIT_PER_IP_PER_HOUR', 30),
};

/** The audience's app; tests pass their own clock or limits. */
export function createApp(overrides: Partial<PublicDeps> = {}): Hono {
  const app = createApi();
  app.get('/api/health', async (c) => {
    const up = await storeAnswers();
    return c.json(
      { version: config.version, store: up ? 'up' : 'down', time: new Date().toISOString() },
      up ? 200 : 503,
    );
  });
  mountPublicRoutes(app, {
    clock: overrides.clock ?? (() => new Date()),
    // Public routes never verify staff tokens.
    keys: overrides.keys ?? (() => Promise.reject(new Error('the public audience verifies no staff tokens'))),
    limits: overrides.limits ?? LIMITS,
  });
  notYetBuilt(app, '/api/public/*');
  return app;
}

export const app = createApp();

export const handler = handle(app);
