/**
 * The timer firings on a ticket's timeline as the desk and the customer see them: which recorded
 * firings the SLA engine no longer counts (void, with its reason), how many escalations count, and the
 * automatic raises of the fault level. Read-only; the engine is run over the stored events as of now.
 */
import { type Alert, computeClocks, type Escalation } from '../../shared/sla/index.ts';
import type { PublicLevelRaise } from '../../shared/tickets/schemas.ts';
import type { Ticket, TicketEventRecord } from '../store/tickets.ts';
import { engineEvents } from './clocks.ts';

/** The event types the timers record (functions/timers/decide.ts), by the engine's firing kind. */
export const FIRING_TYPES: Readonly<Record<string, Alert['kind'] | 'escalation'>> = {
  escalated: 'escalation',
  arrivalWarning: 'arrivalWarning',
  arrivalMissed: 'arrivalMissed',
  resolutionWarning: 'resolutionWarning',
  reportWarning: 'reportWarning',
  reportMissed: 'reportMissed',
};

export const isFiringEvent = (e: { type: string }) => Object.hasOwn(FIRING_TYPES, e.type);

interface FiringData {
  fromLevel?: unknown;
  toLevel?: unknown;
  level?: unknown;
  tier?: unknown;
  report?: unknown;
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

function matchesEscalation(e: TicketEventRecord, x: Escalation): boolean {
  const d = (e.data ?? {}) as FiringData;
  return (
    sameInstant(e.at, x.at) && d.fromLevel === x.fromLevel && d.toLevel === x.toLevel && d.tier === x.tier
  );
}

function matchesAlert(e: TicketEventRecord, a: Alert): boolean {
  const d = (e.data ?? {}) as FiringData;
  return (
    FIRING_TYPES[e.type] === a.kind &&
    sameInstant(e.at, a.at) &&
    d.tier === a.tier &&
    (d.level ?? undefined) === a.level &&
    (d.report ?? undefined) === a.report
  );
}

/**
 * For each recorded firing (by its index in `events`) that the engine does not count now: the reason
 * stored on the event when the write path marked it void, else the engine's reason, or `recomputed`
 * when the engine no longer has such a firing at all. Evaluated as of
 * `now` or the last recorded instant, whichever is later (a firing is never judged before its time).
 */
export function voidFirings(
  ticket: Ticket,
  events: readonly TicketEventRecord[],
  now: Date,
): Map<number, string> {
  const out = new Map<number, string>();
  const firings = events.map((e, i) => ({ e, i })).filter(({ e }) => isFiringEvent(e));
  if (firings.length === 0) return out;
  let until = now.getTime();
  for (const e of events) until = Math.max(until, Date.parse(e.at) || 0);
  const result = computeClocks({
    policy: ticket.policy,
    events: engineEvents(events),
    until: new Date(until).toISOString(),
  });
  for (const { e, i } of firings) {
    // A firing the write path already marked void (a late field event) keeps its stored reason.
    const stored = (e as { voidReason?: unknown }).voidReason;
    if (typeof stored === 'string') {
      out.set(i, stored);
      continue;
    }
    const match =
      e.type === 'escalated'
        ? result.escalations.find((x) => matchesEscalation(e, x))
        : result.alerts.find((a) => matchesAlert(e, a));
    if (match === undefined) out.set(i, 'recomputed');
    else if (match.void) out.set(i, match.voidReason ?? 'recomputed');
  }
  return out;
}

/** Escalations recorded on the timeline that still count. */
export function escalationCount(
  events: readonly TicketEventRecord[],
  voids: ReadonlyMap<number, string>,
): number {
  let n = 0;
  events.forEach((e, i) => {
    if (e.type === 'escalated' && !voids.has(i)) n++;
  });
  return n;
}

/** The automatic raises of the fault level that count (3 → 2, 2 → 1; not the repeats at level 1). */
export function levelRaises(
  events: readonly TicketEventRecord[],
  voids: ReadonlyMap<number, string>,
): PublicLevelRaise[] {
  const raises: PublicLevelRaise[] = [];
  events.forEach((e, i) => {
    if (e.type !== 'escalated' || voids.has(i)) return;
    const { fromLevel, toLevel } = (e.data ?? {}) as FiringData;
    if (!isLevel(fromLevel) || !isLevel(toLevel) || toLevel >= fromLevel) return;
    raises.push({ fromLevel, toLevel, at: e.at });
  });
  return raises;
}

function isLevel(value: unknown): value is 1 | 2 | 3 {
  return value === 1 || value === 2 || value === 3;
}

/** An event view with its void mark, when it has one. */
export function withVoid<V extends object>(
  view: V,
  reason: string | undefined,
): V | (V & { void: { reason: string } }) {
  return reason === undefined ? view : { ...view, void: { reason } };
}
