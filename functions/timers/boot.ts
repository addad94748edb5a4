/**
 * Re-arming at boot: every open ticket with a next wake-up has a `ticketWake` item, indexed by
 * `byNextWake` over WAKE_SHARDS partitions. The local runtime reads all of them at start and arms each
 * ticket, so a restart loses nothing; a wake-up already past fires at once.
 */
import { WAKE_SHARDS } from '../store/desk-entities.ts';
import { wakeUpsOfShard } from '../store/tickets.ts';

export interface WakeUp {
  ticketId: string;
  wakeAt: string;
  companyId: string;
}

/** Every next wake-up of the index, soonest first: one query per shard, in parallel. */
export async function wakeUpsFromIndex(): Promise<WakeUp[]> {
  const shards = await Promise.all(Array.from({ length: WAKE_SHARDS }, (_, shard) => wakeUpsOfShard(shard)));
  return shards
    .flat()
    .map((w) => ({ ticketId: w.ticketId, wakeAt: w.nextWakeAt, companyId: w.companyId }))
    .sort((a, b) => (a.wakeAt < b.wakeAt ? -1 : a.wakeAt > b.wakeAt ? 1 : 0));
}

/**
 * Arms every ticket of the index (those `only` keeps, when given) with the timers' `rearm`; answers how
 * many were armed.
 */
export async function rearmFromIndex(
  timers: { rearm(tickets: Iterable<{ ticketId: string; wakeAt: string }>): number },
  only?: (wake: WakeUp) => boolean,
): Promise<number> {
  const wakeUps = await wakeUpsFromIndex();
  return timers.rearm(only === undefined ? wakeUps : wakeUps.filter(only));
}
