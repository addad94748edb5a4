/**
 * The table's small bookkeeping items that are not the domain's: fixed-window rate counters
 * (functions/auth/rate-limit.ts decides the windows and limits) and the local stack's SMS outbox
 * (functions/sms/local-outbox.ts).
 */
import type { EntityItem } from 'electrodb';
import { rateCounter, smsOutbox } from './entities.ts';

/** Adds one to the counter of `scope`, kept until `expiresAt` (epoch seconds); answers the new count. */
export async function countHit(scope: string, expiresAt: number): Promise<number> {
  const { data } = await rateCounter
    .update({ scope })
    .add({ count: 1 })
    .set({ expiresAt })
    .go({ response: 'all_new' });
  return data.count ?? 0;
}

export type OutboxRecord = EntityItem<typeof smsOutbox>;

/** Keeps one message of the local SMS outbox. */
export async function saveOutboxMessage(message: OutboxRecord): Promise<void> {
  await smsOutbox.create(message).go();
}

/** The latest messages of the local SMS outbox, newest first. */
export async function latestOutboxMessages(limit: number): Promise<OutboxRecord[]> {
  const { data } = await smsOutbox.query.newestFirst({}).go({ order: 'desc', limit });
  return data;
}
