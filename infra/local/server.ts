/**
 * The local HTTP server of the embedded default: the audiences' Hono apps (the very modules the
 * Lambdas export) under /api, and the built PWA at /, on one loopback origin.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { AUDIENCE_NAMES } from '../../shared/api/audiences.ts';
import { PAGE_SECURITY_HEADERS } from '../../shared/api/security-headers.ts';
import { LocalTimers } from './timers.ts';

export interface LocalServerOptions {
  port: number;
  host?: string;
  /** The built PWA (vite build output). */
  webDir: string;
  tableName: string;
  dynamoEndpoint: string;
  version: string;
  /** Ed25519 private key (PKCS#8 PEM) that signs access tokens; the local runtime keeps one in its data folder. */
  signingKeyPem: string;
  /** Put this admin on the roster at start unless the number is there already. */
  firstAdmin?: { name: string; phone: string };
  /**
   * The ticket timers (./timers.ts) with the decide step of functions/handlers/timer-decide.ts,
   * registered as the timer port and re-armed from the index of next wake-ups at start. Default on;
   * `false` runs no timers.
   */
  timers?: boolean;
}

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartedTimers {
  timers: LocalTimers;
  /** Tickets armed at start from the index of next wake-ups. */
  rearmed: number;
  stop(): void;
}

/**
 * One `LocalTimers` for the process: its decide step is the Lambda's handler, it becomes the timer
 * port the ticket write path calls after each committed change, and every open ticket of the index is
 * armed at once (a wake-up that passed while the runtime was down fires immediately).
 */
export async function startLocalTimers(): Promise<StartedTimers> {
  const [{ handler }, { useTimerPort }, { rearmFromIndex }] = await Promise.all([
    import('../../functions/handlers/timer-decide.ts'),
    import('../../functions/timers/port.ts'),
    import('../../functions/timers/boot.ts'),
  ]);
  const timers = new LocalTimers({ decide: handler });
  useTimerPort({ arm: ({ ticketId, wakeAt }) => timers.arm(ticketId, wakeAt) });
  const rearmed = await rearmFromIndex(timers);
  return {
    timers,
    rearmed,
    stop: () => {
      useTimerPort(undefined);
      timers.stop();
    },
  };
}

interface HandlerModule {
  app: Hono;
}

/**
 * The handlers read their configuration from the environment once, at import, as in Lambda; so the
 * environment is set before the first import.
 */
async function loadAudienceApps(options: LocalServerOptions): Promise<Hono[]> {
  process.env.TABLE_NAME = options.tableName;
  process.env.DYNAMODB_ENDPOINT = options.dynamoEndpoint;
  process.env.APP_VERSION = options.version;
  process.env.AUTH_SIGNING_KEY = options.signingKeyPem;
  // SMS go to the local outbox (DynamoDB), printed and listed at /dev/outbox; never to a provider.
  process.env.SMS_TRANSPORT = 'outbox';
  const apps: Hono[] = [];
  for (const audience of AUDIENCE_NAMES) {
    const mod = (await import(`../../functions/handlers/${audience}.ts`)) as HandlerModule;
    apps.push(mod.app);
  }
  return apps;
}

export async function createLocalApp(options: LocalServerOptions): Promise<Hono> {
  const root = new Hono();
  for (const app of await loadAudienceApps(options)) root.route('/', app);
  root.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: 'Not found' } }, 404));

  if (!existsSync(join(options.webDir, 'index.html'))) {
    throw new Error(`The PWA is not built (${options.webDir}/index.html is missing): run npm run build`);
  }
  const root_ = relative(process.cwd(), options.webDir) || '.';
  root.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
    const path = c.req.path;
    if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    else if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
  });
  // Local only, never part of an audience's app, so never deployed; after the middleware for its headers.
  const { createOutboxApp } = await import('../../functions/sms/local-outbox.ts');
  root.route('/', createOutboxApp());
  root.use('*', serveStatic({ root: root_ }));
  // Any other path is a route of the single-page app.
  root.get('*', serveStatic({ root: root_, path: 'index.html' }));
  return root;
}

export interface StartedLocalServer extends LocalServer {
  /** What happened to the first admin of the options, if one was given. */
  firstAdmin?: { created: boolean; name: string; phone: string };
  /** Tickets whose timers were armed at start (0 without timers). */
  timersRearmed: number;
}

export async function startLocalServer(options: LocalServerOptions): Promise<StartedLocalServer> {
  const app = await createLocalApp(options);
  let firstAdmin: StartedLocalServer['firstAdmin'];
  if (options.firstAdmin !== undefined) {
    const { ensureFirstAdmin } = await import('../../functions/auth/first-admin.ts');
    const result = await ensureFirstAdmin(options.firstAdmin);
    firstAdmin = { created: result.created, name: result.staff.name, phone: result.staff.phone };
  }
  const timers = options.timers === false ? undefined : await startLocalTimers();
  const host = options.host ?? '127.0.0.1';
  return new Promise<StartedLocalServer>((resolveServer, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      resolveServer({
        ...(firstAdmin === undefined ? {} : { firstAdmin }),
        timersRearmed: timers?.rearmed ?? 0,
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            timers?.stop();
            const http = server as Server;
            http.close(() => done());
            http.closeAllConnections();
          }),
      });
    }) as Server;
    server.once('error', reject);
  });
}
