/**
 * What the desk reads of the timers' SMS (read-only; the items are written by ./notifications.ts):
 * a ticket's notifications with each recipient's name as stored now and the phone masked, and the
 * board's mark of SMS that failed every attempt.
 */
import type { TicketNotificationView } from '../../shared/tickets/schemas.ts';
import { maskPhone } from '../sms/port.ts';
import { contact } from './desk-entities.ts';
import { notificationsOfTicket, type TicketNotification, undeliveredOfCompany } from './notifications.ts';
import { getStaff } from './staff.ts';

async function nameOf(item: TicketNotification): Promise<string | null> {
  if (item.recipientKind === 'staff') {
    const member = await getStaff(item.recipientId);
    return member === undefined || member.companyId !== item.companyId ? null : member.name;
  }
  const { data } = await contact.get({ contactId: item.recipientId }).go();
  return data === null || data.contractId !== item.contractId ? null : data.name;
}

/** The firing a notification belongs to: a next-tier alert's key is the firing's + `|fallback/T<n>`. */
export function firingOfNotification(firing: string): string {
  const bar = firing.indexOf('|');
  return bar < 0 ? firing : firing.slice(0, bar);
}

export function notificationView(item: TicketNotification, name: string | null): TicketNotificationView {
  return {
    firing: firingOfNotification(item.firing),
    recipient: { kind: item.recipientKind, id: item.recipientId, name, phone: maskPhone(item.phone) },
    tier: item.tier,
    channel: item.channel,
    template: item.template,
    status: item.status,
    attempts: item.attempts,
    nextAttemptAt: item.nextAttemptAt ?? null,
    fallbackTier: item.fallbackTier ?? null,
    standsIn: item.fallbackOf !== undefined,
    providerMessageId: item.providerMessageId ?? null,
    error: item.error ?? null,
    createdAt: item.createdAt,
    at: item.at,
    missedTargetLocal: item.missedTargetLocal ?? null,
  };
}

/** A ticket's SMS, oldest first, each recipient named (one read per distinct recipient). */
export async function notificationViewsOfTicket(ticketId: string): Promise<TicketNotificationView[]> {
  const items = await notificationsOfTicket(ticketId);
  const names = new Map<string, Promise<string | null>>();
  for (const item of items) {
    if (!names.has(item.recipient)) names.set(item.recipient, nameOf(item));
  }
  const views = await Promise.all(
    items.map(async (item) => notificationView(item, (await names.get(item.recipient)) ?? null)),
  );
  return views.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** How many SMS of each ticket of the company failed every attempt (one query for the whole board). */
export async function undeliveredByTicket(companyId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const item of await undeliveredOfCompany(companyId)) {
    counts.set(item.ticketId, (counts.get(item.ticketId) ?? 0) + 1);
  }
  return counts;
}
