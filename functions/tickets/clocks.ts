/**
 * From a ticket's stored events to the clock fields the ticket keeps (and the board sorts by), through
 * the SLA engine. Every change recomputes from scratch, as docs/sla-engine.md asks.
 */
import { type ClockResult, computeClocks, type SlaPolicy, type TicketEvent } from '../../shared/sla/index.ts';
import type { TicketState } from '../../shared/tickets/lifecycle.ts';

/** An event as the timeline stores it; types the engine does not know (e.g. `closed`) are skipped. */
export interface StoredEvent {
  type: string;
  at: string;
  reason?: string | undefined;
  data?: Record<string, unknown> | undefined;
  /** A field event recorded offline: when the server received it (the engine's hindsight needs it). */
  receivedAt?: string | undefined;
}

const ENGINE_TYPES = new Set([
  'reported',
  'levelConfirmed',
  'levelChanged',
  'paused',
  'resumed',
  'assigned',
  'departed',
  'checkedIn',
  'resolved',
  'customerConfirmed',
  'checkedOut',
  'reportSubmitted',
]);

export function engineEvents(events: readonly StoredEvent[]): TicketEvent[] {
  const out: TicketEvent[] = [];
  for (const e of events) {
    if (!ENGINE_TYPES.has(e.type)) continue;
    out.push({
      type: e.type,
      at: e.at,
      ...(e.data ?? {}),
      ...(e.reason === undefined ? {} : { reason: e.reason }),
      ...(e.receivedAt === undefined ? {} : { receivedAt: e.receivedAt }),
    } as TicketEvent);
  }
  return out;
}

export interface ClockFields {
  acceptedAt: string;
  level: 1 | 2 | 3;
  tier: number;
  escalated: boolean;
  arrivalDueAt: string | undefined;
  resolutionDueAt: string | undefined;
  resolutionWarningAt: string | undefined;
  nextWakeAt: string | undefined;
  /** The earliest deadline still pending (arrival not met, resolution running). */
  breachAt: string | undefined;
}

export function clockFields(
  policy: SlaPolicy,
  events: readonly StoredEvent[],
  until: Date,
  state: TicketState,
): ClockFields {
  const result: ClockResult = computeClocks({
    policy,
    events: engineEvents(events),
    until: until.toISOString(),
  });
  const closed = state === 'closed';
  const pending: string[] = [];
  if (result.arrival.status === 'pending' && result.arrival.dueAt !== null)
    pending.push(result.arrival.dueAt);
  if (result.resolution.status === 'running' && result.resolution.dueAt !== null) {
    pending.push(result.resolution.dueAt);
  }
  pending.sort();
  return {
    acceptedAt: result.acceptedAt,
    level: result.resolution.level,
    tier: result.resolution.tier,
    escalated: result.escalations.some((e) => !e.void),
    arrivalDueAt: result.arrival.dueAt ?? undefined,
    resolutionDueAt: result.resolution.dueAt ?? undefined,
    resolutionWarningAt: result.resolution.warningAt ?? undefined,
    nextWakeAt: closed ? undefined : (result.nextWakeAt ?? undefined),
    breachAt: closed ? undefined : pending[0],
  };
}
