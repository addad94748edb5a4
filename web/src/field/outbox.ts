/**
 * The outbox's rules, pure: which items go in the next request, what an answer does to the queue, and how
 * long to wait after a failure. The storage (repository.ts) and the runner (sync.ts) apply them.
 *
 * Order: items are sent oldest first, in batches that keep that order, and a batch is sent only after the
 * previous one was answered. An item leaves the queue only when the server has answered for its clientId
 * (`applied`, `duplicate` or `rejected`); anything else (no answer, a 5xx, a timeout, an answer that leaves
 * it out) keeps it, and the next flush sends it again with the same clientId, which the server applies once.
 */
import type { QueuedItem } from './db';

/** The server's limits (shared/field/schemas.ts OUTBOX_MAX_ITEMS, OUTBOX_MAX_BODY_BYTES), copied as numbers
 * so that this module does not pull the schemas' validation library into the first screen. */
export const BATCH_MAX_ITEMS = 50;
export const BATCH_MAX_BYTES = 64 * 1024;

const encoder = new TextEncoder();

/** The wire form of one item (the body is `{ items: [...] }`). */
export function wireItem(item: QueuedItem) {
  return {
    clientId: item.clientId,
    recordedAt: item.recordedAt,
    clockOffsetMs: item.clockOffsetMs,
    action: item.action,
  };
}

/**
 * The longest prefix of `items` (in order) that fits one request: at most `maxItems`, and its JSON body at
 * most `maxBytes`. The first item always goes, even alone over the size, so that the server can refuse it
 * by name instead of the queue stalling behind it.
 */
export function takeBatch(
  items: readonly QueuedItem[],
  maxItems = BATCH_MAX_ITEMS,
  maxBytes = BATCH_MAX_BYTES,
): QueuedItem[] {
  const batch: QueuedItem[] = [];
  // `{"items":[` + `]}` and a comma between items.
  let bytes = 12;
  for (const item of items) {
    if (batch.length >= maxItems) break;
    const size = encoder.encode(JSON.stringify(wireItem(item))).length + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(item);
    bytes += size;
  }
  return batch;
}

export interface ItemResult {
  clientId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  code?: string | undefined;
  field?: string | undefined;
  message?: string | undefined;
}

/** What an answer means for a batch: the items done with (to delete) and those refused (to show). */
export function settle(
  batch: readonly QueuedItem[],
  results: readonly ItemResult[],
): { done: QueuedItem[]; rejected: { item: QueuedItem; result: ItemResult }[]; unanswered: QueuedItem[] } {
  const byId = new Map(results.map((result) => [result.clientId, result]));
  const done: QueuedItem[] = [];
  const rejected: { item: QueuedItem; result: ItemResult }[] = [];
  const unanswered: QueuedItem[] = [];
  for (const item of batch) {
    const result = byId.get(item.clientId);
    if (result === undefined) unanswered.push(item);
    else {
      done.push(item);
      if (result.status === 'rejected') rejected.push({ item, result });
    }
  }
  return { done, rejected, unanswered };
}

export const RETRY_BASE_MS = 2_000;
export const RETRY_CAP_MS = 60_000;
/**
 * The cap after a failure that never reached the server (no network: the request failed at once or timed
 * out). Back-off spares a server in trouble; a phone without signal costs the server nothing, and
 * `navigator.onLine` cannot be trusted to announce the signal's return (it stays true on a network
 * without a way out, and after a reload made offline), so the phone keeps looking every few seconds.
 */
export const NETWORK_RETRY_CAP_MS = 8_000;

/**
 * The wait before retry number `attempt` (1, 2, …) after a transient failure: exponential from 2 s, capped
 * at 60 s, with "equal jitter" (half fixed, half random) so that phones coming back together do not retry
 * in step. `random` in [0, 1).
 */
export function retryDelayMs(attempt: number, random: number, cap = RETRY_CAP_MS): number {
  const ceiling = Math.min(cap, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
