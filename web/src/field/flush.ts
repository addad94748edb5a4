/**
 * Sending the outbox: one batch at a time, oldest first, each answered before the next is read. Used by the
 * page (sync.ts) and by the service worker's background sync (sw.ts), always under the same Web Lock
 * (`FLUSH_LOCK`), so that the two never send the queue at the same time; whoever holds the lock re-reads the
 * queue, so items another flush settled are not sent again. Without DOM, so it runs in the worker too.
 */
import { ApiError, errorOf } from '../api/client';
import { measureOffset } from './clock';
import type { QueuedItem } from './db';
import { type ItemResult, settle, takeBatch, wireItem } from './outbox';

export const FLUSH_LOCK = 'sitecall-field-outbox';
/** The background sync tag the page registers and the worker answers. */
export const SYNC_TAG = 'sitecall-field-outbox';

export interface OutboxAnswer {
  serverTime: string;
  results: ItemResult[];
}

export interface FlushDeps {
  repo: {
    peek(limit: number): Promise<QueuedItem[]>;
    settle(
      done: readonly QueuedItem[],
      rejected: readonly { item: QueuedItem; result: ItemResult }[],
      clockOffsetMs?: number | null,
    ): Promise<void>;
    saveOffset(offsetMs: number): Promise<void>;
  };
  post(items: ReturnType<typeof wireItem>[]): Promise<OutboxAnswer>;
  /** Phone time (epoch ms). */
  now(): number;
}

export type FlushOutcome =
  /** The queue is empty. */
  | { kind: 'done'; sent: number; rejected: number }
  /** No connection, a timeout, a 5xx or 429: retry later with back-off. */
  | { kind: 'transient'; sent: number; rejected: number; error: unknown }
  /** 401 after a token renewal: sign in again; the queue is kept. */
  | { kind: 'auth'; sent: number; rejected: number };

const isTransient = (error: unknown) =>
  !(error instanceof ApiError) ||
  error.kind === 'network' ||
  error.kind === 'aborted' ||
  error.kind === 'invalid' ||
  (error.status !== undefined && (error.status >= 500 || error.status === 408 || error.status === 429));

export async function flushOutbox(deps: FlushDeps): Promise<FlushOutcome> {
  let sent = 0;
  let rejected = 0;
  // After a whole batch is refused (4xx), items go one by one until the refused one is found.
  let single = false;
  for (;;) {
    const batch = takeBatch(await deps.repo.peek(single ? 1 : 50));
    if (batch.length === 0) return { kind: 'done', sent, rejected };
    const sentAt = deps.now();
    let answer: OutboxAnswer;
    try {
      answer = await deps.post(batch.map(wireItem));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return { kind: 'auth', sent, rejected };
      if (isTransient(error)) return { kind: 'transient', sent, rejected, error };
      if (batch.length > 1) {
        single = true;
        continue;
      }
      // One item the server refuses outright (it cannot be read, or is too large): it is shown as
      // refused with the server's words and leaves the queue, so that what follows is not stuck behind it.
      const [item] = batch as [QueuedItem];
      const { code, field, message } = errorOf(error);
      await deps.repo.settle(
        [item],
        [{ item, result: { clientId: item.clientId, status: 'rejected', code, field, message } }],
      );
      rejected += 1;
      continue;
    }
    const offset = measureOffset(sentAt, deps.now(), answer.serverTime);
    const outcome = settle(batch, answer.results);
    if (outcome.done.length === 0) {
      if (offset !== null) await deps.repo.saveOffset(offset);
      return {
        kind: 'transient',
        sent,
        rejected,
        error: new Error('the server answered for none of the items'),
      };
    }
    await deps.repo.settle(outcome.done, outcome.rejected, offset);
    sent += outcome.done.length - outcome.rejected.length;
    rejected += outcome.rejected.length;
    single = false;
  }
}
