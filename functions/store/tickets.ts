/**
 * Tickets and their timelines. Each change is one transaction: the ticket (conditioned on the version
 * that was read), its new event (conditioned on not existing), its wake-up item, and the audit record.
 */
import type { SlaPolicy } from '../../shared/sla/index.ts';
import { isOpen } from '../../shared/tickets/lifecycle.ts';
import { tokenHash } from '../auth/sessions.ts';
import type { ClockFields } from '../tickets/clocks.ts';
import { type Actor, assertCommitted, auditItem } from './audit.ts';
import {
  desk,
  deviceQr,
  intakeRequest,
  type TicketEventItem,
  type TicketItem,
  ticket,
  ticketCounter,
  WAKE_SHARDS,
} from './desk-entities.ts';
import { type CustomerLinkItem, customerLink } from './entities.ts';

export type Ticket = TicketItem;
export type TicketEventRecord = TicketEventItem;

/** How long an intake's idempotency record lasts: far longer than any retry. */
const IDEMPOTENCY_DAYS = 30;

export function seqOf(version: number): string {
  return String(version).padStart(6, '0');
}

function wakeShardOf(ticketId: string): string {
  let h = 0;
  for (const ch of ticketId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `wake-${h % WAKE_SHARDS}`;
}

/**
 * The sort keys of the sparse indexes, from the ticket's clocks. ElectroDB wants every composite of an
 * index with a condition on each write, so the keys are always there and the index conditions
 * (./desk-entities.ts) leave closed tickets out.
 */
function orders(t: {
  ticketId: string;
  breachAt?: string | undefined;
  assignedEngineerId?: string | undefined;
}) {
  // Without a pending deadline (resolved, paused, closed) a ticket sorts after every deadline.
  const order = `${t.breachAt ?? '~'}#${t.ticketId}`;
  return { boardOrder: order, engineerOrder: t.assignedEngineerId === undefined ? undefined : order };
}

export function withClocks(
  base: Omit<Ticket, keyof ClockFields | 'boardOrder' | 'engineerOrder'>,
  clocks: ClockFields,
): Ticket {
  const merged = { ...base, ...clocks };
  return { ...merged, ...orders(merged) };
}

// ── Links: contract intake links, device QR tokens, status links ─────────────────────────────────

export type IntakeScope =
  | { via: 'contractLink'; scopeId: string; companyId: string; contractId: string; deviceId?: undefined }
  | { via: 'deviceQr'; scopeId: string; companyId: string; contractId: string; deviceId: string };

/** The live contract link or device QR token of a token value, or undefined (unknown or revoked). */
export async function findIntakeScope(token: string): Promise<IntakeScope | undefined> {
  const hash = tokenHash(token);
  const [link, qr] = await Promise.all([
    customerLink.get({ tokenHash: hash }).go({ consistent: true }),
    deviceQr.get({ tokenHash: hash }).go({ consistent: true }),
  ]);
  const l = link.data;
  if (l !== null && l.revokedAt === undefined && l.ticketId === undefined) {
    return {
      via: 'contractLink',
      scopeId: `link:${l.linkId}`,
      companyId: l.companyId,
      contractId: l.contractId,
    };
  }
  const q = qr.data;
  if (q !== null && q.revokedAt === undefined) {
    return {
      via: 'deviceQr',
      scopeId: `qr:${q.qrId}`,
      companyId: q.companyId,
      contractId: q.contractId,
      deviceId: q.deviceId,
    };
  }
  return undefined;
}

/** The live status link (a ticket link) of a token value. */
export async function findStatusLink(
  token: string,
): Promise<(CustomerLinkItem & { ticketId: string }) | undefined> {
  const { data } = await customerLink.get({ tokenHash: tokenHash(token) }).go({ consistent: true });
  if (data === null || data.revokedAt !== undefined || data.ticketId === undefined) return undefined;
  return { ...data, ticketId: data.ticketId };
}

// ── Reading tickets ───────────────────────────────────────────────────────────────────────────────

export async function getTicket(ticketId: string): Promise<Ticket | undefined> {
  const { data } = await ticket.get({ ticketId }).go({ consistent: true });
  return data ?? undefined;
}

/** The ticket and its events, oldest first: one query of the ticket's partition. */
export async function getTicketWithTimeline(
  ticketId: string,
): Promise<{ ticket: Ticket; events: TicketEventRecord[] } | undefined> {
  const { data } = await desk.collections.timeline({ ticketId }).go({ consistent: true, pages: 'all' });
  const found = data.ticket[0];
  if (found === undefined) return undefined;
  const events = [...data.ticketEvent].sort((a, b) => (a.seq < b.seq ? -1 : 1));
  return { ticket: found, events };
}

/** A company's tickets that are not closed, soonest breach first. */
export async function boardOfCompany(companyId: string): Promise<Ticket[]> {
  const { data } = await ticket.query.board({ companyId }).go({ pages: 'all' });
  return data;
}

/** Open tickets assigned to an engineer, soonest breach first. */
export async function ticketsOfEngineer(engineerId: string): Promise<Ticket[]> {
  const { data } = await ticket.query.byEngineer({ assignedEngineerId: engineerId }).go({ pages: 'all' });
  return data;
}

export async function ticketsOfContract(contractId: string): Promise<Ticket[]> {
  const { data } = await ticket.query.byContract({ contractId }).go({ pages: 'all' });
  return data;
}

// ── Intake ────────────────────────────────────────────────────────────────────────────────────────

/** The next number of a company's year: an atomic ADD, so numbers never repeat (a lost race leaves a gap). */
export async function nextSequence(companyId: string, year: number): Promise<number> {
  const { data } = await ticketCounter
    .update({ companyId, year })
    .add({ seq: 1 })
    .go({ response: 'all_new' });
  return data.seq ?? 0;
}

export async function findIntakeRequest(
  scopeId: string,
  idempotencyKey: string,
): Promise<string | undefined> {
  const { data } = await intakeRequest.get({ scopeId, idempotencyKey }).go({ consistent: true });
  return data?.ticketId;
}

export class DuplicateIntakeError extends Error {
  override name = 'DuplicateIntakeError';
}

/**
 * Creates a reported ticket in one transaction: the ticket, its first event, its wake-up, the
 * idempotency record (which must not exist yet: a racing duplicate fails here and gets
 * `DuplicateIntakeError`), the status link and the audit record.
 */
export async function createReportedTicket(input: {
  ticket: Ticket;
  event: Omit<TicketEventRecord, 'ticketId' | 'seq' | 'companyId' | 'contractId'>;
  scopeId: string;
  idempotencyKey: string;
  statusLink: CustomerLinkItem;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const t = input.ticket;
  const result = await desk.transaction
    .write((e) => [
      e.ticket.create(t).commit(),
      e.ticketEvent
        .create({
          ...input.event,
          ticketId: t.ticketId,
          seq: seqOf(1),
          companyId: t.companyId,
          contractId: t.contractId,
        })
        .commit(),
      ...(t.nextWakeAt === undefined
        ? []
        : [
            e.ticketWake
              .put({
                ticketId: t.ticketId,
                wakeShard: wakeShardOf(t.ticketId),
                nextWakeAt: t.nextWakeAt,
                companyId: t.companyId,
              })
              .commit(),
          ]),
      e.intakeRequest
        .create({
          scopeId: input.scopeId,
          idempotencyKey: input.idempotencyKey,
          ticketId: t.ticketId,
          createdAt: input.now.toISOString(),
          expiresAt: Math.floor(input.now.getTime() / 1000) + IDEMPOTENCY_DAYS * 86_400,
        })
        .commit(),
      e.customerLink.create(input.statusLink).commit(),
      e.auditRecord
        .put(
          auditItem({
            actor: input.actor,
            at: input.now,
            entity: 'ticket',
            entityId: t.ticketId,
            action: 'report',
            companyId: t.companyId,
            contractId: t.contractId,
            after: auditedFields(t),
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
    // Order of the items above: the idempotency record is the fourth or fifth.
    const codes = result.data.map((d) => d.code);
    const idempotencyIndex = t.nextWakeAt === undefined ? 2 : 3;
    if (codes[idempotencyIndex] === 'ConditionalCheckFailed') throw new DuplicateIntakeError();
    assertCommitted(result);
  }
}

/** What the audit trail keeps of a ticket: the fields a change can touch, no bookkeeping. */
function auditedFields(t: Ticket): Record<string, unknown> {
  return {
    number: t.number,
    state: t.state,
    paused: t.paused,
    level: t.level,
    assignedEngineerId: t.assignedEngineerId,
    acceptedAt: t.acceptedAt,
    arrivalDueAt: t.arrivalDueAt,
    resolutionDueAt: t.resolutionDueAt,
    escalated: t.escalated,
    tier: t.tier,
  };
}

// ── Changes ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Saves a change: the new ticket (its version one more than `before`'s, which must still be stored),
 * its event and wake-up, and the audit record. A stale version is a `conflict`.
 */
export async function saveTicketChange(input: {
  before: Ticket;
  after: Ticket;
  event: { type: string; at: string; reason?: string | undefined; data?: Record<string, unknown> };
  actor: Actor;
  now: Date;
  action: string;
}): Promise<void> {
  const { before, after } = input;
  const result = await desk.transaction
    .write((e) => [
      e.ticket
        .put(after)
        .where(({ version }, { eq }) => eq(version, before.version))
        .commit(),
      e.ticketEvent
        .create({
          ticketId: after.ticketId,
          seq: seqOf(after.version),
          companyId: after.companyId,
          contractId: after.contractId,
          type: input.event.type,
          at: input.event.at,
          actorKind: input.actor.kind === 'link' ? 'link' : input.actor.kind === 'staff' ? 'staff' : 'system',
          actorId: input.actor.id,
          ...(input.event.reason === undefined ? {} : { reason: input.event.reason }),
          data: input.event.data ?? {},
        })
        .commit(),
      after.nextWakeAt === undefined
        ? e.ticketWake.delete({ ticketId: after.ticketId }).commit()
        : e.ticketWake
            .put({
              ticketId: after.ticketId,
              wakeShard: wakeShardOf(after.ticketId),
              nextWakeAt: after.nextWakeAt,
              companyId: after.companyId,
            })
            .commit(),
      e.auditRecord
        .put(
          auditItem({
            actor: input.actor,
            at: input.now,
            entity: 'ticket',
            entityId: after.ticketId,
            action: input.action,
            companyId: after.companyId,
            contractId: after.contractId,
            before: auditedFields(before),
            after: {
              ...auditedFields(after),
              ...(input.event.reason === undefined ? {} : { reason: input.event.reason }),
            },
          }),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
}

export function openOnBoard(t: Ticket): boolean {
  return isOpen(t.state);
}

export type { SlaPolicy };
