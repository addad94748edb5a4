/**
 * The notifications of the ticket timers (docs/timers.md): one `ticketNotification` item per firing and
 * recipient, in the ticket's partition, and the reads the notifier needs to build recipients — the
 * contract's escalation tiers, its contacts and the staff roster — each returned as a stored record
 * (./provenance.ts), so that functions/sms/recipient.ts accepts it.
 *
 * Exactly once: the item is created (status `sending`) with `attribute_not_exists` on its key — the
 * firing's key and the recipient — before anything is sent; a second run of the decide step (or a
 * racing one) finds the item and sends nothing.
 */
import { Entity, type EntityItem } from 'electrodb';
import { documents, tableName } from '../lib/store.ts';
import { contact, contract } from './desk-entities.ts';
import { primary, SERVICE } from './keys.ts';
import { markStored, type Stored } from './provenance.ts';
import { getStaff, type StaffMember } from './staff.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;

export const NOTIFICATION_STATUSES = ['sending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

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

function isConditionFailure(error: unknown): boolean {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const name = (e as { name?: unknown }).name;
    const message = (e as { message?: unknown }).message;
    if (name === 'ConditionalCheckFailedException') return true;
    if (typeof message === 'string' && message.includes('conditional request failed')) return true;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  return false;
}

/**
 * Claims the notification of one firing to one recipient (status `sending`, attempt 1). `false` when the
 * item exists already: that firing was notified to that recipient before, so nothing is sent.
 */
export async function claimNotification(
  item: Omit<TicketNotification, 'status' | 'attempts'>,
): Promise<boolean> {
  try {
    await ticketNotification.create({ ...item, status: 'sending', attempts: 1 }).go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Records the outcome of a claimed notification's send. */
export async function settleNotification(
  key: { ticketId: string; firing: string; recipient: string },
  outcome:
    | { status: 'sent'; providerMessageId: string; at: string }
    | { status: 'failed'; error: string; at: string },
): Promise<void> {
  await ticketNotification.patch(key).set(outcome).go();
}

/** The notifications of a ticket, by firing and recipient. */
export async function notificationsOfTicket(ticketId: string): Promise<TicketNotification[]> {
  const { data } = await ticketNotification.query
    .byTicket({ ticketId })
    .go({ consistent: true, pages: 'all' });
  return data;
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
