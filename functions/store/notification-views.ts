/**
 * What the desk reads of the timers' SMS (read-only; the items are written by ./notifications.ts):
 * a ticket's notifications with each recipient's name as stored now and the phone masked, and the
 * board's marks of a set of tickets (escalations recorded, SMS failed).
 */
import type { TicketNotificationView } from '../../shared/tickets/schemas.ts';
import { maskPhone } from '../sms/port.ts';
import { contact } from './desk-entities.ts';
import { notificationsOfTicket, type TicketNotification } from './notifications.ts';
import { getStaff } from './staff.ts';

async function nameOf(item: TicketNotification): Promise<string | null> {
  if (item.recipientKind === 'staff') {
    const member = await getStaff(item.recipientId);
    return member === undefined || member.companyId !== item.companyId ? null : member.name;
  }
  const { data } = await contact.get({ contactId: item.recipientId }).go();
  return data === null || data.contractId !== item.contractId ? null : data.name;
}

export function notificationView(item: TicketNotification, name: string | null): TicketNotificationView {
  return {
    firing: item.firing,
    recipient: { kind: item.recipientKind, id: item.recipientId, name, phone: maskPhone(item.phone) },
    tier: item.tier,
    channel: item.channel,
    template: item.template,
    status: item.status,
    attempts: item.attempts,
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
  return views.sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.firing < b.firing ? -1 : 1,
  );
}

/** How many of a ticket's SMS failed (status `failed` now). */
export async function failedSmsOfTicket(ticketId: string): Promise<number> {
  const items = await notificationsOfTicket(ticketId);
  return items.filter((item) => item.status === 'failed').length;
}
