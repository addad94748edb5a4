/**
 * Fixtures of the field API tests: the public, desk and field apps on one manual clock against
 * DynamoDB Local, a contract with a site, devices and an engineer, and helpers to report a fault, assign
 * it and send outbox items.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import {
  call,
  linkAuth,
  loadIntakeSystem,
  MINOR,
  reportFault,
  type Seeded,
  seedContract,
} from './intake-fixtures.ts';

export async function loadFieldSystem(start = '2026-11-25T02:00:00.000Z') {
  const intake = await loadIntakeSystem(start);
  const [fieldHandler, tickets, field, inspections, decide, port] = await Promise.all([
    import('../../functions/handlers/field.ts'),
    import('../../functions/store/tickets.ts'),
    import('../../functions/store/field.ts'),
    import('../../functions/store/inspections.ts'),
    import('../../functions/timers/decide.ts'),
    import('../../functions/timers/port.ts'),
  ]);
  const fieldApp = fieldHandler.createApp({ clock: intake.clock.now });
  return { ...intake, fieldApp, tickets, field, inspections, decide, port };
}
export type FieldSystem = Awaited<ReturnType<typeof loadFieldSystem>>;

/** A contract (level as given), and a fault reported on its first device and assigned to the engineer. */
export async function assignedTicket(
  s: FieldSystem,
  options: { serviceLevel?: 'A' | 'B' | 'C'; seeded?: Seeded; minor?: boolean } = {},
) {
  const k = options.seeded ?? (await seedContract(s, options.serviceLevel ?? 'A'));
  const report = await reportFault(s, k, options.minor === true ? { answers: MINOR } : {});
  const board = await k.desk('GET', '/api/desk/board');
  const ticket = board.json.tickets.find((t: { number: string }) => t.number === report.json.number);
  const assigned = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/assign`, {
    engineerId: k.engineer.staffId,
    expectedVersion: ticket.version,
  });
  expect(assigned.status).toBe(200);
  return {
    k,
    ticketId: ticket.ticketId as string,
    statusToken: report.json.statusToken as string,
    ticket: assigned.json.ticket,
  };
}

export interface ItemOptions {
  recordedAt?: string;
  clockOffsetMs?: number | null;
  clientId?: string;
}

/** One outbox item; the phone's time defaults to the server's now. */
export function outboxItem(s: FieldSystem, action: Record<string, unknown>, options: ItemOptions = {}) {
  return {
    clientId: options.clientId ?? randomUUID(),
    recordedAt: options.recordedAt ?? s.clock.now().toISOString(),
    clockOffsetMs: options.clockOffsetMs === undefined ? 0 : options.clockOffsetMs,
    action,
  };
}

export function sendOutbox(s: FieldSystem, auth: Record<string, string>, items: unknown[], lang = 'en') {
  return call(s.fieldApp, 'POST', '/api/field/outbox', { ...auth, 'accept-language': lang }, { items });
}

export function sync(s: FieldSystem, auth: Record<string, string>) {
  return call(s.fieldApp, 'GET', '/api/field/sync', auth);
}

/** The ticket's stored events (every type), oldest first. */
export async function storedEvents(s: FieldSystem, ticketId: string) {
  return (await s.tickets.getTicketWithTimeline(ticketId))?.events ?? [];
}

/** Every item of the table's partitions of these tickets and receipts, to compare before and after. */
export async function countReceipts(s: FieldSystem, staffId: string, clientIds: readonly string[]) {
  let n = 0;
  for (const id of clientIds) if ((await s.field.getReceipt(staffId, id)) !== undefined) n++;
  return n;
}

/** Imports devices into the contract through the desk (the register's CSV), which must take them all. */
export async function importDevices(k: Seeded, csv: string) {
  const res = await k.desk('POST', `/api/desk/contracts/${k.contractId}/devices/import`, csv);
  expect(res.status).toBe(200);
}

/** Plans the contract's inspection visits of a quarter for its engineer through the desk; answers the desk's answer. */
export function planVisits(k: Seeded, quarter = '2026-Q4', dueDate = '2026-12-15') {
  return k.desk('POST', `/api/desk/contracts/${k.contractId}/inspection-visits`, {
    quarter,
    dueDate,
    engineerId: k.engineer.staffId,
  });
}

export { call, linkAuth, seedContract };
