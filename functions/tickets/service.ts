/**
 * Ticket changes in one place, for the desk, the customer's status page and (later) the field: load,
 * check the version and the life cycle table, append the event, recompute the clocks through the SLA
 * engine, save in one transaction.
 */
import { IllegalTransitionError, nextState, type TicketCommand } from '../../shared/tickets/lifecycle.ts';
import type { TicketEventView, TicketView } from '../../shared/tickets/schemas.ts';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../store/audit.ts';
import {
  changeEventItem,
  type EventTiming,
  saveTicketChange,
  seqOf,
  type Ticket,
  type TicketEventRecord,
  withClocks,
} from '../store/tickets.ts';
import { clockFields } from './clocks.ts';
import { voidFirings } from './firing-views.ts';

export interface Loaded {
  ticket: Ticket;
  events: TicketEventRecord[];
}

export interface Change {
  /** The life-cycle command, or null for an event that changes no state (field notes, parts, check-out). */
  command: TicketCommand | null;
  event: {
    type: string;
    reason?: string | undefined;
    data?: Record<string, unknown>;
    /**
     * A field event's time as shared/field/time.ts found it: `timing.at` replaces `now` as the event's
     * time; the rest is stored on the event. A late one (received after `at`) recomputes the clocks
     * with hindsight and marks void the timer firings it disproves.
     */
    timing?: (EventTiming & { at: string }) | undefined;
  };
  actor: Actor;
  now: Date;
  /** The version the caller saw; a different stored version is a 409. */
  expectedVersion?: number;
  /** Fields the change sets besides state and clocks (e.g. the assigned engineer). */
  set?: Partial<Pick<Ticket, 'assignedEngineerId' | 'assignedEngineerName'>>;
  /** More writes for the same transaction (functions/store/tickets.ts `saveTicketChange`). */
  extraWrites?: readonly object[];
}

/**
 * The recorded timer firings (by seq) that the clocks, recomputed with every event as of `now`, no longer
 * count (./firing-views.ts), with the reason; firings already marked are left alone.
 */
function disprovedFirings(
  loaded: Loaded,
  events: readonly TicketEventRecord[],
  now: Date,
): { seq: string; reason: string }[] {
  const out: { seq: string; reason: string }[] = [];
  for (const [index, reason] of voidFirings(loaded.ticket, events, now)) {
    const e = loaded.events[index];
    if (e !== undefined && e.voidAt === undefined) out.push({ seq: e.seq, reason });
  }
  return out;
}

export async function applyChange(loaded: Loaded, change: Change): Promise<Loaded> {
  const before = loaded.ticket;
  if (change.expectedVersion !== undefined && change.expectedVersion !== before.version) {
    throw new AppError('conflict', 'stale version');
  }
  let next: ReturnType<typeof nextState>;
  try {
    next =
      change.command === null
        ? { state: before.state, paused: before.paused }
        : nextState(before, change.command);
  } catch (error) {
    if (error instanceof IllegalTransitionError) throw new AppError('conflict', error.message);
    throw error;
  }
  const { timing: timed, ...plain } = change.event;
  const at = timed?.at ?? change.now.toISOString();
  const timing: EventTiming | undefined =
    timed === undefined
      ? undefined
      : {
          recordedAt: timed.recordedAt,
          receivedAt: timed.receivedAt,
          clockOffsetMs: timed.clockOffsetMs,
          corrected: timed.corrected,
        };
  const event = { ...plain, at, ...(timing === undefined ? {} : { receivedAt: timing.receivedAt }) };
  const clocks = clockFields(before.policy, [...loaded.events, event], change.now, next.state);
  const late = timing !== undefined && Date.parse(timing.receivedAt) > Date.parse(at);
  const after = withClocks(
    {
      ...before,
      ...change.set,
      state: next.state,
      paused: next.paused,
      updatedAt: change.now.toISOString(),
      version: before.version + 1,
    },
    clocks,
  );
  const voids = late
    ? disprovedFirings(
        loaded,
        [...loaded.events, { ...event, seq: seqOf(after.version) } as TicketEventRecord],
        change.now,
      )
    : [];
  const changed = { ...plain, at, timing };
  await saveTicketChange({
    before,
    after,
    event: changed,
    actor: change.actor,
    now: change.now,
    action: change.command ?? event.type,
    voids,
    ...(change.extraWrites === undefined ? {} : { extraWrites: change.extraWrites }),
  });
  const record = changeEventItem(after, changed, change.actor);
  const voidAt = change.now.toISOString();
  const events = loaded.events.map((e) => {
    const v = voids.find((x) => x.seq === e.seq);
    return v === undefined ? e : { ...e, voidAt, voidReason: v.reason };
  });
  return { ticket: after, events: [...events, record] };
}

export function ticketView(t: Ticket): TicketView {
  const device = t.device as { category: string; model: string; serial?: string };
  return {
    ticketId: t.ticketId,
    number: t.number,
    companyId: t.companyId,
    contractId: t.contractId,
    contractName: t.contractName,
    serviceLevel: t.serviceLevel,
    timeZone: t.timeZone,
    deviceId: t.deviceId,
    device: { category: device.category, model: device.model, serial: device.serial ?? null },
    siteId: t.siteId ?? null,
    state: t.state,
    paused: t.paused,
    level: t.level as 1 | 2 | 3,
    proposedLevel: t.proposedLevel as 1 | 2 | 3,
    description: t.description,
    answers: t.answers as TicketView['answers'],
    reporter: { name: t.reporterName, phone: t.reporterPhone },
    reportedAt: t.reportedAt,
    acceptedAt: t.acceptedAt,
    arrivalDueAt: t.arrivalDueAt ?? null,
    resolutionDueAt: t.resolutionDueAt ?? null,
    resolutionWarningAt: t.resolutionWarningAt ?? null,
    nextWakeAt: t.nextWakeAt ?? null,
    breachAt: t.breachAt ?? null,
    escalated: t.escalated,
    tier: t.tier,
    assignedEngineerId: t.assignedEngineerId ?? null,
    assignedEngineerName: t.assignedEngineerName ?? null,
    version: t.version,
  };
}

export function eventView(e: TicketEventRecord): TicketEventView {
  return {
    seq: Number(e.seq),
    type: e.type,
    at: e.at,
    actor: { kind: e.actorKind, id: e.actorId },
    reason: e.reason ?? null,
    data: (e.data ?? {}) as Record<string, unknown>,
    ...(e.receivedAt === undefined
      ? {}
      : {
          timing: {
            recordedAt: e.recordedAt ?? e.at,
            receivedAt: e.receivedAt,
            clockOffsetMs: e.clockOffsetMs ?? null,
            corrected: e.corrected ?? false,
          },
        }),
  };
}
