/**
 * Re-arming at boot: every open ticket with a next wake-up has a `ticketWake` item, indexed by
 * `byNextWake` over WAKE_SHARDS partitions, and every ticket with a notification still to retry a
 * `ticketRetryWake` item (functions/store/notifications.ts). The local runtime reads all of them at
 * start and arms each ticket for the earlier of its two, so a restart loses nothing; a wake-up already
 * past fires at once. The AWS sweep (./sweep.ts) reads the same list.
 */
import { WAKE_SHARDS } from '../store/desk-entities.ts';
import { retryWakesFromIndex } from '../store/notifications.ts';
import { wakeUpsOfShard } from '../store/tickets.ts';

export interface WakeUp {
  ticketId: string;
  wakeAt: string;
  companyId: string;
}

/** Every next wake-up of the indexes (the earlier one per ticket), soonest first: one query per shard. */
export async function wakeUpsFromIndex(): Promise<WakeUp[]> {
  const [shards, retries] = await Promise.all([
    Promise.all(Array.from({ length: WAKE_SHARDS }, (_, shard) => wakeUpsOfShard(shard))),
    retryWakesFromIndex(),
  ]);
  const byTicket = new Map<string, WakeUp>();
  const add = (w: WakeUp) => {
    const known = byTicket.get(w.ticketId);
    if (known === undefined || Date.parse(w.wakeAt) < Date.parse(known.wakeAt)) byTicket.set(w.ticketId, w);
  };
  for (const w of shards.flat()) add({ ticketId: w.ticketId, wakeAt: w.nextWakeAt, companyId: w.companyId });
  for (const w of retries) add(w);
  return [...byTicket.values()].sort((a, b) => (a.wakeAt < b.wakeAt ? -1 : a.wakeAt > b.wakeAt ? 1 : 0));
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
