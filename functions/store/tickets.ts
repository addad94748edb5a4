/**
 * Tickets and their timelines. Each change is one transaction: the ticket (conditioned on the version
 * that was read), its new event (conditioned on not existing), its wake-up item, and the audit record.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { SlaPolicy } from '../../shared/sla/index.ts';
import { isOpen } from '../../shared/tickets/lifecycle.ts';
import { AppError } from '../lib/errors.ts';
import { tokenHash } from '../lib/opaque-tokens.ts';
import { documents } from '../lib/store.ts';
import type { ClockFields } from '../tickets/clocks.ts';
import { armTicketTimer } from '../timers/port.ts';
import { type Actor, assertCommitted, auditItem } from './audit.ts';
import {
  type ContractItem,
  contract,
  type DeviceItem,
  type DeviceQrItem,
  desk,
  device,
  deviceQr,
  intakeRequest,
  type TicketEventItem,
  type TicketItem,
  ticket,
  ticketCounter,
  ticketWake,
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
  return (await loadIntake({ tokenHash: tokenHash(token) })).scope;
}

/** What an intake reads, all in one consistent BatchGetItem (./tickets.ts `loadIntake`). */
export interface IntakeReads {
  /** The live link or QR label of the token, or undefined (unknown or revoked). */
  scope: IntakeScope | undefined;
  contract: ContractItem | undefined;
  device: DeviceItem | undefined;
}

/**
 * The reads of one intake in one round trip: the token's contract link and device QR item (one of
 * them exists for a live token), and, when the caller already knows them, the contract and the
 * device. Consistent reads, so a revocation or an edit counts at once. Keys the store leaves
 * unprocessed are asked again.
 */
export async function loadIntake(keys: {
  tokenHash: string;
  contractId?: string | undefined;
  deviceId?: string | undefined;
}): Promise<IntakeReads> {
  const wanted = [
    customerLink.get({ tokenHash: keys.tokenHash }).params(),
    deviceQr.get({ tokenHash: keys.tokenHash }).params(),
    ...(keys.contractId === undefined ? [] : [contract.get({ contractId: keys.contractId }).params()]),
    ...(keys.deviceId === undefined ? [] : [device.get({ deviceId: keys.deviceId }).params()]),
  ] as { TableName: string; Key: Record<string, unknown> }[];
  const table = wanted[0]?.TableName as string;
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] = wanted.map((w) => w.Key);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt)));
    const out = await documents.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...((out.Responses?.[table] ?? []) as Record<string, unknown>[]));
    pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    if (attempt > 8 && pending.length > 0) throw new Error('intake reads left unprocessed');
  }
  // ElectroDB marks each item with its entity's name.
  const parsed = <T>(name: string, entity: { parse(r: { Item: Record<string, unknown> }): unknown }) => {
    const item = items.find((i) => i.__edb_e__ === name);
    return item === undefined
      ? undefined
      : ((entity.parse({ Item: item }) as { data: T | null }).data ?? undefined);
  };
  const l = parsed<CustomerLinkItem>('customerLink', customerLink);
  const q = parsed<DeviceQrItem>('deviceQr', deviceQr);
  let scope: IntakeScope | undefined;
  if (l !== undefined && l.revokedAt === undefined && l.ticketId === undefined) {
    scope = {
      via: 'contractLink',
      scopeId: `link:${l.linkId}`,
      companyId: l.companyId,
      contractId: l.contractId,
    };
  } else if (q !== undefined && q.revokedAt === undefined) {
    scope = {
      via: 'deviceQr',
      scopeId: `qr:${q.qrId}`,
      companyId: q.companyId,
      contractId: q.contractId,
      deviceId: q.deviceId,
    };
  }
  return {
    scope,
    contract: parsed<ContractItem>('contract', contract),
    device: parsed<DeviceItem>('device', device),
  };
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

/**
 * Ticket numbers are handed out from blocks: one atomic ADD of N on the company's counter of the year
 * reserves the N numbers up to the new value, and this container hands them out one by one. Numbers
 * never repeat (each block is reserved by one ADD); a block's unused rest is a gap. Block sizes adapt:
 * the first block of a container is 1 number, and each block used up within BLOCK_MAX_AGE_MS doubles
 * the next, up to BLOCK_MAX; a block older than that is dropped (so numbers stay near the order of
 * the reports) and the size starts again at 1. A quiet container thus takes one number per ticket, as
 * before, and a busy one one ADD per up to BLOCK_MAX tickets.
 */
export const BLOCK_MAX = 32;
export const BLOCK_MAX_AGE_MS = 60_000;

interface NumberBlock {
  next: number;
  last: number;
  takenAt: number;
  size: number;
  refill: Promise<void> | undefined;
}

const numberBlocks = new Map<string, NumberBlock>();

async function reserve(companyId: string, year: number, size: number): Promise<number> {
  const { data } = await ticketCounter
    .update({ companyId, year })
    .add({ seq: size })
    .go({ response: 'all_new' });
  if (data.seq === undefined) throw new Error('ticket counter answered no value');
  return data.seq;
}

/** The next number of a company's year (see above); `monotonicMs` is the container's own clock. */
export async function nextSequence(
  companyId: string,
  year: number,
  monotonicMs: () => number = () => performance.now(),
): Promise<number> {
  const key = `${companyId}#${year}`;
  for (;;) {
    let block = numberBlocks.get(key);
    const fresh = block !== undefined && monotonicMs() - block.takenAt < BLOCK_MAX_AGE_MS;
    if (block !== undefined && fresh && block.next <= block.last) return block.next++;
    if (block?.refill !== undefined) {
      await block.refill.catch(() => undefined);
      continue;
    }
    const size = block !== undefined && fresh ? Math.min(BLOCK_MAX, block.size * 2) : 1;
    if (block === undefined) {
      block = { next: 1, last: 0, takenAt: 0, size: 0, refill: undefined };
      numberBlocks.set(key, block);
    }
    const target = block;
    target.refill = reserve(companyId, year, size).then(
      (last) => {
        target.next = last - size + 1;
        target.last = last;
        target.size = size;
        target.takenAt = monotonicMs();
        target.refill = undefined;
      },
      (error: unknown) => {
        target.refill = undefined;
        throw error;
      },
    );
    await target.refill;
  }
}

export async function findIntakeRequest(
  scopeId: string,
  idempotencyKey: string,
): Promise<string | undefined> {
  const { data } = await intakeRequest.get({ scopeId, idempotencyKey }).go({ consistent: true });
  return data?.ticketId;
}

/** The report was made before with the same idempotency key: `ticketId` is the ticket it made. */
export class DuplicateIntakeError extends Error {
  override name = 'DuplicateIntakeError';
  constructor(readonly ticketId: string | undefined) {
    super('duplicate intake');
  }
}

/**
 * Creates a reported ticket in one transaction: the ticket, its first event, its wake-up, the
 * idempotency record (which must not exist yet: a repeat or a racing duplicate fails here and gets
 * `DuplicateIntakeError` with the ticket of the first, returned by the failed condition itself, so
 * no read comes before), the status link and the audit record.
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
      e.ticketEvent.create({ ...input.event, ...eventOf(t, 1) }).commit(),
      ...(t.nextWakeAt === undefined ? [] : [wakePut(e, t, t.nextWakeAt)]),
      e.intakeRequest
        .create({
          scopeId: input.scopeId,
          idempotencyKey: input.idempotencyKey,
          ticketId: t.ticketId,
          createdAt: input.now.toISOString(),
          expiresAt: Math.floor(input.now.getTime() / 1000) + IDEMPOTENCY_DAYS * 86_400,
        })
        .commit({ response: 'all_old' }),
      e.customerLink.create(input.statusLink).commit(),
      ticketAudit(e, { ...input, action: 'report' }, undefined, t),
    ])
    .go();
  if (result.canceled) {
    // Order of the items above: the idempotency record is the fourth or fifth.
    const reasons = result.data as readonly { code?: string; item?: unknown }[];
    const idempotency = reasons[t.nextWakeAt === undefined ? 2 : 3];
    if (idempotency?.code === 'ConditionalCheckFailed') {
      const first = idempotency.item as { ticketId?: string } | null | undefined;
      throw new DuplicateIntakeError(first?.ticketId);
    }
    // A racing duplicate still in flight: its record is not readable yet, the caller waits for it.
    if (idempotency?.code === 'TransactionConflict') throw new DuplicateIntakeError(undefined);
    assertCommitted(result);
  }
  await armTicketTimer({ ticketId: t.ticketId, wakeAt: t.nextWakeAt ?? null, version: t.version });
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

type Entities = Parameters<Parameters<typeof desk.transaction.write>[0]>[0];

/** The put of a ticket's new version, conditioned on the version that was read still being stored. */
function ticketOver(e: Entities, before: Ticket, after: Ticket) {
  return e.ticket
    .put(after)
    .where(({ version }, { eq }) => eq(version, before.version))
    .commit();
}

/** What every event item of a ticket carries: its keys and the ticket's company and contract. */
function eventOf(t: Ticket, version: number) {
  return { ticketId: t.ticketId, seq: seqOf(version), companyId: t.companyId, contractId: t.contractId };
}

/** The put of a ticket's wake-up item, in the shard of the `byNextWake` index its id falls in. */
function wakePut(e: Entities, t: Ticket, nextWakeAt: string) {
  return e.ticketWake
    .put({ ticketId: t.ticketId, wakeShard: wakeShardOf(t.ticketId), nextWakeAt, companyId: t.companyId })
    .commit();
}

/** The ticket's wake-up item after a change: its next wake-up, or deleted when it has none. */
function wakeAfter(e: Entities, t: Ticket) {
  return t.nextWakeAt === undefined
    ? e.ticketWake.delete({ ticketId: t.ticketId }).commit()
    : wakePut(e, t, t.nextWakeAt);
}

/** The audit record of a ticket's report (no `before`) or change, with what the change adds to `after`. */
function ticketAudit(
  e: Entities,
  change: { actor: Actor; now: Date; action: string },
  before: Ticket | undefined,
  after: Ticket,
  more: Record<string, unknown> = {},
) {
  return e.auditRecord
    .put(
      auditItem({
        actor: change.actor,
        at: change.now,
        entity: 'ticket',
        entityId: after.ticketId,
        action: change.action,
        companyId: after.companyId,
        contractId: after.contractId,
        ...(before === undefined ? {} : { before: auditedFields(before) }),
        after: { ...auditedFields(after), ...more },
      }),
    )
    .commit();
}

// ── Changes ───────────────────────────────────────────────────────────────────────────────────────

/** The timing of a field event (shared/field/time.ts), stored on the event item. */
export interface EventTiming {
  recordedAt: string;
  receivedAt: string;
  clockOffsetMs: number | null;
  corrected: boolean;
}

/**
 * A change's transaction was refused because a condition failed: `codes` are the cancellation reasons
 * in the order of the items (the ticket is item 0; the caller's extra writes start at `extraFrom`).
 * A `conflict` for every caller that does not look closer.
 */
export class ChangeRefusedError extends AppError {
  constructor(
    readonly codes: readonly (string | undefined)[],
    readonly extraFrom: number,
  ) {
    super('conflict', 'changed by someone else');
  }
}

/** The event of a change, as its caller states it. */
export interface ChangeEvent {
  type: string;
  at: string;
  reason?: string | undefined;
  data?: Record<string, unknown>;
  timing?: EventTiming | undefined;
}

/** The event item of a change to `after`, by `actor`: its seq is the ticket's new version. */
export function changeEventItem(after: Ticket, event: ChangeEvent, actor: Actor): TicketEventRecord {
  const timing = event.timing;
  return {
    ...eventOf(after, after.version),
    type: event.type,
    at: event.at,
    actorKind: actor.kind === 'link' ? 'link' : actor.kind === 'staff' ? 'staff' : 'system',
    actorId: actor.id,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    data: event.data ?? {},
    ...(timing === undefined
      ? {}
      : {
          recordedAt: timing.recordedAt,
          receivedAt: timing.receivedAt,
          ...(timing.clockOffsetMs === null ? {} : { clockOffsetMs: timing.clockOffsetMs }),
          corrected: timing.corrected,
        }),
  };
}

/**
 * Saves a change: the new ticket (its version one more than `before`'s, which must still be stored),
 * its event and wake-up, and the audit record. A stale version is a `conflict`.
 */
export async function saveTicketChange(input: {
  before: Ticket;
  after: Ticket;
  event: ChangeEvent;
  actor: Actor;
  now: Date;
  action: string;
  /** Timer firings (by seq) a late field event showed void: marked in the same transaction. */
  voids?: readonly { seq: string; reason: string }[];
  /** More items of the same transaction (e.g. the field outbox's receipt), after the ticket's own. */
  extraWrites?: readonly object[];
}): Promise<void> {
  const { before, after } = input;
  const result = await desk.transaction
    .write((e) => [
      ticketOver(e, before, after),
      e.ticketEvent.create(changeEventItem(after, input.event, input.actor)).commit(),
      wakeAfter(e, after),
      ticketAudit(e, input, before, after, {
        ...(input.event.reason === undefined ? {} : { reason: input.event.reason }),
        ...((input.voids ?? []).length === 0 ? {} : { voided: (input.voids ?? []).map((v) => v.seq) }),
      }),
      ...((input.extraWrites ?? []) as ReturnType<ReturnType<typeof e.ticket.put>['commit']>[]),
      ...(input.voids ?? []).map((v) =>
        e.ticketEvent
          .patch({ ticketId: after.ticketId, seq: v.seq })
          .set({ voidAt: input.now.toISOString(), voidReason: v.reason })
          .commit(),
      ),
    ])
    .go();
  if (result.canceled) {
    const codes = (result.data as readonly { code?: string }[]).map((entry) => entry.code);
    if (codes.includes('ConditionalCheckFailed')) throw new ChangeRefusedError(codes, 4);
    assertCommitted(result);
  }
  await armAfterChange(before, after, input.now);
}

/**
 * Tells the timers (functions/timers/port.ts) about a committed change that moved the next wake-up.
 * When the wake-up before the change was already due, the timer may not have recorded it yet (the
 * engine's next wake-up only looks ahead of now), so the timer wakes at once: the decide step records
 * what is due exactly once and names the next wake-up itself.
 */
async function armAfterChange(before: Ticket, after: Ticket, now: Date): Promise<void> {
  const next = after.nextWakeAt ?? null;
  if ((before.nextWakeAt ?? null) === next) return;
  const nowIso = now.toISOString();
  const overdue = before.nextWakeAt !== undefined && Date.parse(before.nextWakeAt) <= now.getTime();
  const wakeAt = next !== null && overdue ? nowIso : next;
  await armTicketTimer({ ticketId: after.ticketId, wakeAt, version: after.version });
}

// ── Timer firings ─────────────────────────────────────────────────────────────────────────────────

/** Events of one transaction at most: the ticket, its wake-up and the audit record fill the rest of 100. */
export const FIRINGS_PER_TRANSACTION = 90;

/**
 * Saves what a timer found due: the ticket (version `before.version + events.length`, conditioned on
 * `before.version` still being stored), one event per firing (seq `before.version + 1 …`, each
 * conditioned on not existing), the wake-up item and one audit record by the system actor. Answers
 * `false` when another writer came first (a condition failed or the transaction conflicted); the
 * caller reloads and decides again. It does not arm the timer: the decide step returns its next
 * wake-up to the execution that called it.
 */
export async function saveTimerFirings(input: {
  before: Ticket;
  after: Ticket;
  events: { type: string; at: string; data: Record<string, unknown> }[];
  actor: Actor;
  now: Date;
}): Promise<boolean> {
  const { before, after, events } = input;
  if (events.length === 0 || events.length > FIRINGS_PER_TRANSACTION) {
    throw new Error(`saveTimerFirings: ${events.length} events (1…${FIRINGS_PER_TRANSACTION})`);
  }
  if (after.version !== before.version + events.length) {
    throw new Error('saveTimerFirings: the new version must count the events');
  }
  const result = await desk.transaction
    .write((e) => [
      ticketOver(e, before, after),
      ...events.map((event, i) =>
        e.ticketEvent
          .create({
            ...eventOf(after, before.version + 1 + i),
            type: event.type,
            at: event.at,
            actorKind: 'system',
            actorId: input.actor.id,
            data: event.data,
          })
          .commit(),
      ),
      wakeAfter(e, after),
      ticketAudit(e, { ...input, action: 'timer' }, before, after, {
        firings: events.map((event) => event.type),
      }),
    ])
    .go();
  if (!result.canceled) return true;
  const codes = (result.data as readonly { code?: string }[]).map((entry) => entry.code);
  if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return false;
  throw new Error(`transaction cancelled: ${JSON.stringify(codes)}`);
}

/** The next wake-ups of one shard of the `byNextWake` index, soonest first (all pages). */
export async function wakeUpsOfShard(
  shard: number,
): Promise<{ ticketId: string; nextWakeAt: string; companyId: string }[]> {
  const { data } = await ticketWake.query.byNextWake({ wakeShard: `wake-${shard}` }).go({ pages: 'all' });
  return data.map((w) => ({ ticketId: w.ticketId, nextWakeAt: w.nextWakeAt, companyId: w.companyId }));
}

export function openOnBoard(t: Ticket): boolean {
  return isOpen(t.state);
}

export type { SlaPolicy };
