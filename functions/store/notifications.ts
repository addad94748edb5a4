/**
 * The notifications of the ticket timers (docs/timers.md): one `ticketNotification` item per firing and
 * recipient, in the ticket's partition, and the reads the notifier needs to build recipients — the
 * contract's escalation tiers, its contacts and the staff roster — each returned as a stored record
 * (./provenance.ts), so that functions/sms/recipient.ts accepts it.
 *
 * Exactly once: the item is created (status `sending`) with `attribute_not_exists` on its key — the
 * firing's key and the recipient — before anything is sent; a second run of the decide step (or a
 * racing one) finds the item and sends nothing.
 *
 * Retries (docs/timers.md "Retries and the next tier"): every item that may still be sent carries
 * `nextAttemptAt` — the end of a send's timeout while `sending`, the back-off's next try when `failed`.
 * Each further attempt is claimed with a condition on the attempt count, so exactly one process makes
 * it; after MAX_ATTEMPTS the item becomes `undelivered`, the next tier is alerted once, and an
 * `undeliveredNotification` item in the company's partition lets the desk mark the ticket.
 */
import type { EntityItem } from 'electrodb';
import { documents, tableName } from '../lib/store.ts';
import { isConditionFailure } from './conditions.ts';
import { contact, contract, WAKE_SHARDS } from './desk-entities.ts';
import { Entity } from './electrodb.ts';
import { GSI1, primary, SERVICE, secondary } from './keys.ts';
import { markStored, type Stored } from './provenance.ts';
import { getStaff, type StaffMember } from './staff.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;

/**
 * `sending`: claimed, the send is under way (or its process died: retried after SEND_TIMEOUT_MS);
 * `sent`: the provider took it; `failed`: the last attempt failed, the next is due at `nextAttemptAt`;
 * `undelivered`: every attempt failed; the next tier was alerted (`fallbackTier`, 0 when there was none).
 */
export const NOTIFICATION_STATUSES = ['sending', 'sent', 'failed', 'undelivered'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Attempts of one notification, the first included. */
export const MAX_ATTEMPTS = 5;
/** The wait after a failed attempt n (1-based) before attempt n + 1: 1, 2, 4 and 8 minutes. */
export const BACKOFF_MS: readonly number[] = [60_000, 120_000, 240_000, 480_000];
/** A `sending` item older than this is taken as failed: its process died or the send hung. */
export const SEND_TIMEOUT_MS = 120_000;

/** When attempt `attempt` (1-based) failed at `at`, the next one is due (the last one: at once, to give up). */
export function nextAttemptAfter(attempt: number, at: string): string {
  const wait = attempt >= MAX_ATTEMPTS ? 0 : (BACKOFF_MS[attempt - 1] ?? 0);
  return new Date(Date.parse(at) + wait).toISOString();
}

const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

/** One SMS of a firing to one recipient, in the ticket's partition (pk `ticketId`, sk firing + recipient). */
export const ticketNotification = new Entity({
  model: { entity: 'ticketNotification', version: '1', service: SERVICE },
  attributes: {
    ticketId: readOnlyString,
    /** The firing's key (functions/timers/decide.ts `firingKey`). */
    firing: readOnlyString,
    /** `staff:<staffId>` or `contact:<contactId>`. */
    recipient: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    recipientKind: { type: ['staff', 'contact'] as const, required: true, readOnly: true },
    recipientId: readOnlyString,
    /** The tier whose entry this recipient is (the lowest one when several tiers name the same phone). */
    tier: { type: 'number', required: true, readOnly: true },
    /** E.164, kept for the desk; logs show it masked. */
    phone: readOnlyString,
    channel: { type: ['sms'] as const, required: true, readOnly: true },
    template: readOnlyString,
    lang: readOnlyString,
    params: { type: 'any', required: true, readOnly: true },
    /** The missed target, local time in the contract's zone (escalations), for the desk's timeline. */
    missedTargetLocal: { type: 'string', readOnly: true },
    status: { type: NOTIFICATION_STATUSES, required: true },
    providerMessageId: { type: 'string' },
    error: { type: 'string' },
    attempts: { type: 'number', required: true },
    /** While `sending` or `failed`: when the next attempt is due (a send's timeout, or the back-off). */
    nextAttemptAt: { type: 'string' },
    /** Set on a next-tier alert: the recipient (`staff:<id>` / `contact:<id>`) whose notification failed. */
    fallbackOf: { type: 'string', readOnly: true },
    /** Set when `undelivered`: the tier alerted instead (0: none above, recorded only). */
    fallbackTier: { type: 'number' },
    createdAt: readOnlyString,
    at: { type: 'string', required: true },
  },
  indexes: {
    byTicket: primary(['ticketId'], ['firing', 'recipient']),
  },
});
ticketNotification.setTableName(tableName);
ticketNotification.setClient(documents);

export type TicketNotification = EntityItem<typeof ticketNotification>;

/**
 * Claims the notification of one firing to one recipient (status `sending`, attempt 1). `false` when the
 * item exists already: that firing was notified to that recipient before, so nothing is sent.
 */
export async function claimNotification(
  item: Omit<TicketNotification, 'status' | 'attempts' | 'nextAttemptAt' | 'fallbackTier'>,
): Promise<boolean> {
  try {
    await ticketNotification
      .create({ ...item, status: 'sending', attempts: 1, nextAttemptAt: plus(item.at, SEND_TIMEOUT_MS) })
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export interface NotificationKey {
  ticketId: string;
  firing: string;
  recipient: string;
}

/**
 * Records the outcome of attempt `attempt` of a claimed notification: `sent`, or `failed` with the next
 * attempt due after the back-off. Conditioned on the attempt still being the item's: a send that
 * outlived its timeout, whose item another process has claimed again since, changes nothing (`false`).
 */
export async function settleNotification(
  key: NotificationKey,
  outcome:
    | { status: 'sent'; providerMessageId: string; at: string }
    | { status: 'failed'; error: string; at: string },
  attempt = 1,
): Promise<boolean> {
  const update =
    outcome.status === 'sent'
      ? ticketNotification.patch(key).set(outcome).remove(['nextAttemptAt'])
      : ticketNotification
          .patch(key)
          .set({ ...outcome, nextAttemptAt: nextAttemptAfter(attempt, outcome.at) });
  try {
    await update
      .where(({ attempts, status }, { eq }) => `${eq(attempts, attempt)} AND ${eq(status, 'sending')}`)
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A notification whose next attempt (or giving up) is due at `now`. */
export function isDue(item: TicketNotification, now: string): boolean {
  return (
    (item.status === 'sending' || item.status === 'failed') &&
    item.nextAttemptAt !== undefined &&
    item.nextAttemptAt <= now
  );
}

/**
 * Claims the next attempt of a due notification (attempt count `item.attempts` → +1, `sending`, a new
 * send timeout), conditioned on the count and the due instant read: of two processes retrying the same
 * item, one wins (`true`) and sends; the other sends nothing.
 */
export async function claimRetry(item: TicketNotification, now: string): Promise<boolean> {
  const read = item.nextAttemptAt;
  if (read === undefined) return false;
  try {
    await ticketNotification
      .patch({ ticketId: item.ticketId, firing: item.firing, recipient: item.recipient })
      .set({
        status: 'sending',
        attempts: item.attempts + 1,
        nextAttemptAt: plus(now, SEND_TIMEOUT_MS),
        at: now,
      })
      .where(
        ({ attempts, nextAttemptAt }, { eq }) =>
          `${eq(attempts, item.attempts)} AND ${eq(nextAttemptAt, read)}`,
      )
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Marks a notification whose attempts are used up `undelivered`, with the tier alerted instead (0: none),
 * and records it for the desk (`undeliveredOfCompany`). Conditioned on the item still being due with the
 * same attempt count: `false` when another process did it first.
 */
export async function markUndelivered(
  item: TicketNotification,
  fallbackTier: number,
  now: string,
): Promise<boolean> {
  try {
    await ticketNotification
      .patch({ ticketId: item.ticketId, firing: item.firing, recipient: item.recipient })
      .set({ status: 'undelivered', fallbackTier, at: now })
      .remove(['nextAttemptAt'])
      .where(
        ({ attempts, status }, { eq }) =>
          `${eq(attempts, item.attempts)} AND (${eq(status, 'failed')} OR ${eq(status, 'sending')})`,
      )
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await undeliveredNotification
    .put({
      companyId: item.companyId,
      ticketId: item.ticketId,
      firing: item.firing,
      recipient: item.recipient,
      contractId: item.contractId,
      tier: item.tier,
      template: item.template,
      attempts: item.attempts,
      ...(item.error === undefined ? {} : { error: item.error }),
      fallbackTier,
      at: now,
    })
    .go();
  return true;
}

/** The notifications of a ticket, by firing and recipient. */
export async function notificationsOfTicket(ticketId: string): Promise<TicketNotification[]> {
  const { data } = await ticketNotification.query
    .byTicket({ ticketId })
    .go({ consistent: true, pages: 'all' });
  return data;
}

/**
 * A notification of an open question for the desk: every attempt failed. One per undelivered
 * notification, in the company's partition, so the board reads all of its company's in one query.
 */
export const undeliveredNotification = new Entity({
  model: { entity: 'undeliveredNotification', version: '1', service: SERVICE },
  attributes: {
    companyId: readOnlyString,
    ticketId: readOnlyString,
    firing: readOnlyString,
    recipient: readOnlyString,
    contractId: readOnlyString,
    tier: { type: 'number', required: true },
    template: { type: 'string', required: true },
    attempts: { type: 'number', required: true },
    error: { type: 'string' },
    /** The tier alerted instead; 0 when there was none above (tier 3, or nobody reachable). */
    fallbackTier: { type: 'number', required: true },
    at: { type: 'string', required: true },
  },
  indexes: {
    byCompany: primary(['companyId'], ['ticketId', 'firing', 'recipient']),
  },
});
undeliveredNotification.setTableName(tableName);
undeliveredNotification.setClient(documents);

export type UndeliveredNotification = EntityItem<typeof undeliveredNotification>;

/** Every undelivered notification of a company (the board marks their tickets), by ticket. */
export async function undeliveredOfCompany(companyId: string): Promise<UndeliveredNotification[]> {
  const { data } = await undeliveredNotification.query.byCompany({ companyId }).go({ pages: 'all' });
  return data;
}

/** A ticket's notifications counted by status, for a ticket page or a board row. */
export interface NotificationSummary {
  total: number;
  sent: number;
  /** `sending` or `failed`: a further attempt is due (`nextAttemptAt`). */
  pending: number;
  undelivered: number;
  /** The earliest next attempt, or null when nothing is pending. */
  nextAttemptAt: string | null;
}

export function summarizeNotifications(items: readonly TicketNotification[]): NotificationSummary {
  let next: string | null = null;
  const count = (status: NotificationStatus) => items.filter((i) => i.status === status).length;
  for (const i of items) {
    if ((i.status === 'sending' || i.status === 'failed') && i.nextAttemptAt !== undefined) {
      if (next === null || i.nextAttemptAt < next) next = i.nextAttemptAt;
    }
  }
  return {
    total: items.length,
    sent: count('sent'),
    pending: count('sending') + count('failed'),
    undelivered: count('undelivered'),
    nextAttemptAt: next,
  };
}

/** The counts of `summarizeNotifications` for one ticket (one query of its partition). */
export async function notificationSummaryOfTicket(ticketId: string): Promise<NotificationSummary> {
  return summarizeNotifications(await notificationsOfTicket(ticketId));
}

/**
 * The earliest pending retry of a ticket, kept apart from the SLA engine's wake-up (`ticketWake`): the
 * port (functions/timers/port.ts) arms the earlier of the two, and the boot re-arm and the sweep read
 * both. Written by the decide step after each notification pass; deleted when nothing is pending.
 */
export const ticketRetryWake = new Entity({
  model: { entity: 'ticketRetryWake', version: '1', service: SERVICE },
  attributes: {
    ticketId: readOnlyString,
    retryShard: readOnlyString,
    dueAt: { type: 'string', required: true },
    companyId: readOnlyString,
  },
  indexes: {
    byTicket: primary(['ticketId'], []),
    byRetryDue: secondary(GSI1, ['retryShard'], ['dueAt', 'ticketId']),
  },
});
ticketRetryWake.setTableName(tableName);
ticketRetryWake.setClient(documents);

function retryShardOf(ticketId: string): string {
  let h = 0;
  for (const ch of ticketId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `retry-${h % WAKE_SHARDS}`;
}

/** Records (or, with null, clears) the earliest pending retry of a ticket. */
export async function setRetryWake(ticket: { ticketId: string; companyId: string }, dueAt: string | null) {
  if (dueAt === null) {
    await ticketRetryWake.delete({ ticketId: ticket.ticketId }).go();
    return;
  }
  await ticketRetryWake
    .put({
      ticketId: ticket.ticketId,
      retryShard: retryShardOf(ticket.ticketId),
      dueAt,
      companyId: ticket.companyId,
    })
    .go();
}

/** Forgets a ticket's pending retries (the ticket is closed or gone: its timer ends). */
export async function clearRetryWake(ticketId: string): Promise<void> {
  await ticketRetryWake.delete({ ticketId }).go();
}

/** The earliest pending retry of a ticket, or null. */
export async function retryWakeOf(ticketId: string): Promise<string | null> {
  const { data } = await ticketRetryWake.get({ ticketId }).go({ consistent: true });
  return data?.dueAt ?? null;
}

/** Every pending retry of the index (one query per shard), for the boot re-arm and the sweep. */
export async function retryWakesFromIndex(): Promise<
  { ticketId: string; wakeAt: string; companyId: string }[]
> {
  const shards = await Promise.all(
    Array.from({ length: WAKE_SHARDS }, (_, shard) =>
      ticketRetryWake.query.byRetryDue({ retryShard: `retry-${shard}` }).go({ pages: 'all' }),
    ),
  );
  return shards.flatMap(({ data }) =>
    data.map((w) => ({ ticketId: w.ticketId, wakeAt: w.dueAt, companyId: w.companyId })),
  );
}

/** A tier of a contract's escalation chain as stored. */
export interface StoredEscalationTier {
  tier: number;
  contactIds: string[];
  staffIds: string[];
}

/** The contract's zone and escalation chain, or undefined for an unknown contract. */
export async function escalationOfContract(
  contractId: string,
): Promise<{ timeZone: string; companyId: string; tiers: StoredEscalationTier[] } | undefined> {
  const { data } = await contract.get({ contractId }).go({ consistent: true });
  if (data === null) return undefined;
  const tiers = Array.isArray(data.escalation) ? (data.escalation as StoredEscalationTier[]) : [];
  return { timeZone: data.timeZone, companyId: data.companyId, tiers };
}

/** A contact of the contract as stored, or undefined (unknown, or of another contract). */
export async function storedContractContact(
  contractId: string,
  contactId: string,
): Promise<Stored<{ contactId: string; contractId: string; name: string; phone: string }> | undefined> {
  const { data } = await contact.get({ contactId }).go({ consistent: true });
  if (data === null || data.contractId !== contractId) return undefined;
  return markStored({
    contactId: data.contactId,
    contractId: data.contractId,
    name: data.name,
    phone: data.phone,
  });
}

/** A staff member of the company as stored, or undefined (unknown, or of another company). */
export async function storedStaffOfCompany(
  companyId: string,
  staffId: string,
): Promise<Stored<StaffMember> | undefined> {
  const member = await getStaff(staffId);
  return member === undefined || member.companyId !== companyId ? undefined : member;
}
