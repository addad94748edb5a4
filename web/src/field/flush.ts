/**
 * Sending the outbox: one batch at a time, oldest first, each sent after the one before was answered; the
 * next batch is read, and the last answer's deletes written, while a batch is on its way. Used by the
 * page (sync.ts) and by the service worker's background sync (sw.ts), always under the same Web Lock
 * (`FLUSH_LOCK`), so that the two never send the queue at the same time; whoever holds the lock re-reads the
 * queue, so items another flush settled are not sent again. Without DOM, so it runs in the worker too.
 */
import { ApiError, errorOf } from '../api/client';
import { measureOffset } from './clock';
import type { QueuedItem } from './db';
import { BATCH_MAX_ITEMS, type ItemResult, settle, takeBatch, wireItem } from './outbox';

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

/** The items of `read` after the one numbered `seq`, in order. */
const after = (read: readonly QueuedItem[], seq: number) =>
  read.filter((item) => item.seq !== undefined && item.seq > seq);

export async function flushOutbox(deps: FlushDeps): Promise<FlushOutcome> {
  let sent = 0;
  let rejected = 0;
  // After a whole batch is refused (4xx), items go one by one until the refused one is found.
  let single = false;
  // The last answer's deletes on their way to the disk, while the next batch is on its way to the server.
  let settling: Promise<void> = Promise.resolve();
  let batch = takeBatch(await deps.repo.peek(BATCH_MAX_ITEMS));
  for (;;) {
    if (batch.length === 0) {
      await settling;
      return { kind: 'done', sent, rejected };
    }
    const sentAt = deps.now();
    const request = deps.post(batch.map(wireItem));
    // While it is on its way: once the last answer is settled, the batch after this one is read, to go
    // as soon as this one is answered in full. Requests still go one at a time, each after the answer
    // to the one before.
    const lastSeq = batch.at(-1)?.seq;
    const following =
      single || lastSeq === undefined
        ? null
        : settling
            .then(() => deps.repo.peek(batch.length + BATCH_MAX_ITEMS))
            .then((read) => takeBatch(after(read, lastSeq)));
    following?.catch(() => undefined);
    let answer: OutboxAnswer;
    try {
      answer = await request;
    } catch (error) {
      await settling;
      if (error instanceof ApiError && error.status === 401) return { kind: 'auth', sent, rejected };
      if (isTransient(error)) return { kind: 'transient', sent, rejected, error };
      if (batch.length > 1) {
        single = true;
        batch = takeBatch(await deps.repo.peek(1));
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
      batch = takeBatch(await deps.repo.peek(1));
      continue;
    }
    await settling;
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
    settling = deps.repo.settle(outcome.done, outcome.rejected, offset);
    settling.catch(() => undefined);
    sent += outcome.done.length - outcome.rejected.length;
    rejected += outcome.rejected.length;
    const next = following !== null && outcome.unanswered.length === 0 ? await following : [];
    if (next.length > 0) {
      batch = next;
    } else {
      // Read again from the head: items left without an answer go first, after a refused one was found
      // batches are whole again, and what was queued meanwhile is not left behind.
      single = false;
      await settling;
      batch = takeBatch(await deps.repo.peek(BATCH_MAX_ITEMS));
    }
  }
}
