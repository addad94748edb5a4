/**
 * The outbox flush of the service worker's background sync: the browser wakes the worker when the connection
 * returns, even with the app closed (Chromium; Safari has no Background Sync, and the page's own triggers
 * cover it). It takes the same Web Lock as the page (flush.ts), so a page and the worker never send the queue
 * together, and uses the access token the page keeps. It never renews the token: refresh tokens rotate and
 * that is the page's job (state/session.ts); with an expired token it leaves the queue to the page.
 */
import { requestJson } from '../api/client';
import { indexedDbSessionRepository } from '../offline/session-store';
import { fieldDb } from './db';
import { FLUSH_LOCK, type FlushOutcome, flushOutbox, type OutboxAnswer } from './flush';
import type { ItemResult } from './outbox';
import { fieldRepository } from './repository';

/** Give up on a token this close to its expiry: the server might refuse it on the way. */
const TOKEN_MARGIN_MS = 30_000;

const STATUSES = new Set(['applied', 'duplicate', 'rejected']);

/**
 * The outbox answer checked by hand: the worker stays without the schemas' validation library. The page
 * checks the same answer with the shared schema (api.ts).
 */
export function parseOutboxAnswer(body: unknown): OutboxAnswer {
  const value = body as { serverTime?: unknown; results?: unknown } | null;
  if (typeof value?.serverTime !== 'string' || !Array.isArray(value.results))
    throw new Error('unexpected answer');
  const results: ItemResult[] = value.results.map((entry: unknown) => {
    const result = entry as Record<string, unknown> | null;
    if (
      typeof result?.clientId !== 'string' ||
      typeof result.status !== 'string' ||
      !STATUSES.has(result.status)
    )
      throw new Error('unexpected result');
    const text = (key: string) => (typeof result[key] === 'string' ? (result[key] as string) : undefined);
    return {
      clientId: result.clientId,
      status: result.status as ItemResult['status'],
      code: text('code'),
      field: text('field'),
      message: text('message'),
    };
  });
  return { serverTime: value.serverTime, results };
}

export async function flushFromWorker(locks: LockManager | undefined): Promise<FlushOutcome | null> {
  const session = await indexedDbSessionRepository.load().catch(() => null);
  if (session === null || session.accessExpiresAt - Date.now() < TOKEN_MARGIN_MS) return null;
  const repo = fieldRepository(fieldDb);
  const run = () =>
    flushOutbox({
      repo,
      now: () => Date.now(),
      post: (items) =>
        requestJson('/field/outbox', parseOutboxAnswer, {
          method: 'POST',
          body: { items },
          timeoutMs: 15_000,
          headers: { authorization: `Bearer ${session.accessToken}` },
        }),
    });
  return locks ? locks.request(FLUSH_LOCK, run) : run();
}
