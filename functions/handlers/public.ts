/**
 * Public audience: fault intake and status pages for customers (no account), and the health check.
 * In AWS this module is the Lambda behind the routes AUDIENCES.public lists; locally the same `app`
 * is mounted on the local server.
 */
import { handle } from 'hono/aws-lambda';
import { createApi, notYetBuilt } from '../lib/api.ts';
import { config } from '../lib/config.ts';
import { storeAnswers } from '../lib/store.ts';

export const app = createApi();

app.get('/api/health', async (c) => {
  const up = await storeAnswers();
  return c.json(
    { version: config.version, store: up ? 'up' : 'down', time: new Date().toISOString() },
    up ? 200 : 503,
  );
});

notYetBuilt(app, '/api/public/*');

export const handler = handle(app);
