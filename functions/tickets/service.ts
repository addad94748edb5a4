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
  saveTicketChange,
  seqOf,
  type Ticket,
  type TicketEventRecord,
  withClocks,
} from '../store/tickets.ts';
import { clockFields } from './clocks.ts';

export interface Loaded {
  ticket: Ticket;
  events: TicketEventRecord[];
}

export interface Change {
  command: TicketCommand;
  event: { type: string; reason?: string | undefined; data?: Record<string, unknown> };
  actor: Actor;
  now: Date;
  /** The version the caller saw; a different stored version is a 409. */
  expectedVersion?: number;
  /** Fields the change sets besides state and clocks (e.g. the assigned engineer). */
  set?: Partial<Pick<Ticket, 'assignedEngineerId' | 'assignedEngineerName'>>;
}

export async function applyChange(loaded: Loaded, change: Change): Promise<Loaded> {
  const before = loaded.ticket;
  if (change.expectedVersion !== undefined && change.expectedVersion !== before.version) {
    throw new AppError('conflict', 'stale version');
  }
  let next: ReturnType<typeof nextState>;
  try {
    next = nextState(before, change.command);
  } catch (error) {
    if (error instanceof IllegalTransitionError) throw new AppError('conflict', error.message);
    throw error;
  }
  const at = change.now.toISOString();
  const event = { ...change.event, at };
  const clocks = clockFields(before.policy, [...loaded.events, event], change.now, next.state);
  const after = withClocks(
    {
      ...before,
      ...change.set,
      state: next.state,
      paused: next.paused,
      updatedAt: at,
      version: before.version + 1,
    },
    clocks,
  );
  await saveTicketChange({
    before,
    after,
    event,
    actor: change.actor,
    now: change.now,
    action: change.command,
  });
  const record: TicketEventRecord = {
    ticketId: after.ticketId,
    seq: seqOf(after.version),
    companyId: after.companyId,
    contractId: after.contractId,
    type: event.type,
    at,
    actorKind: change.actor.kind === 'link' ? 'link' : change.actor.kind === 'staff' ? 'staff' : 'system',
    actorId: change.actor.id,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    data: event.data ?? {},
  };
  return { ticket: after, events: [...loaded.events, record] };
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
  };
}
