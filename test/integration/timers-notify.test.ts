/**
 * The timers' notifier against DynamoDB Local with a capturing SMS port: the tiers an intent names →
 * stored recipients, one text and one notification item per firing and recipient, exactly once.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uniquePhone } from './auth-fixtures.ts';
import {
  addContact,
  type IntakeSystem,
  loadIntakeSystem,
  MINOR,
  reportFault,
  type Seeded,
  seedContract,
  setEscalation,
} from './intake-fixtures.ts';
import { ProviderDown, useTestNotifier } from './timers-fixtures.ts';

const H = 3_600_000;

interface Sent {
  to: string;
  template: string;
  params: Record<string, string>;
}

describe('the notifier of the ticket timers', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let notifyModule: typeof import('../../functions/timers/notify.ts');
  let notifications: typeof import('../../functions/store/notifications.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let identity: typeof import('../../functions/store/entities.ts');
  let sent: Sent[] = [];
  let failing = false;
  let undoNotifier: () => void;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [decideModule, notifyModule, notifications, tickets, identity] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/timers/notify.ts'),
      import('../../functions/store/notifications.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/store/entities.ts'),
    ]);
    undoNotifier = await useTestNotifier(async (message) => {
      if (failing) throw new ProviderDown('provider unavailable');
      sent.push({ to: message.to.phone, template: message.template, params: message.params });
      return { providerMessageId: `provider-${sent.length}` };
    });
  });
  afterAll(() => undoNotifier());
  beforeEach(() => {
    sent = [];
    failing = false;
  });

  /** A contract with a chain: tier 1 the dispatcher, tier 2 a PM contact, the engineer and an inactive member, tier 3 a supervisor. */
  async function chain(k: Seeded) {
    const pm = await addContact(k, '项目经理 陈', 'project manager');
    const supervisor = await addContact(k, '主管 周', 'supervisor');
    const gone = await s.system.staff.createStaff(
      { name: 'Left Company', phone: uniquePhone(), roles: ['engineer'], companyId: k.companyId },
      { kind: 'system', id: 'test' },
      new Date('2026-01-01T00:00:00Z'),
    );
    await identity.staff.patch({ staffId: gone.staffId }).set({ active: false }).go();
    await setEscalation(k, [
      { tier: 1, staffIds: [k.dispatcher.staffId] },
      { tier: 2, contactIds: [pm.contactId], staffIds: [k.engineer.staffId, gone.staffId] },
      { tier: 3, contactIds: [supervisor.contactId] },
    ]);
    const phoneOf = async (staffId: string) => (await s.system.staff.getStaff(staffId))?.phone;
    return {
      pm,
      supervisor,
      gonePhone: gone.phone,
      dispatcherPhone: await phoneOf(k.dispatcher.staffId),
      engineerPhone: await phoneOf(k.engineer.staffId),
    };
  }

  async function levelThreeTicket(reportedAt: number, options: { assign: boolean }) {
    const k = await seedContract(s, 'A');
    const people = await chain(k);
    const reporterPhone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    s.clock.set(new Date(reportedAt).toISOString());
    await reportFault(s, k, { answers: MINOR, contactPhone: reporterPhone });
    const board = await k.desk('GET', '/api/desk/board');
    const ticketId = board.json.tickets[0].ticketId as string;
    if (options.assign) {
      s.clock.set(new Date(reportedAt + 5 * 60_000).toISOString());
      const assigned = await k.desk('POST', `/api/desk/tickets/${ticketId}/assign`, {
        engineerId: k.engineer.staffId,
        expectedVersion: 1,
      });
      expect(assigned.status).toBe(200);
    }
    return { k, ticketId, reporterPhone, ...people };
  }

  const decideAt = (instant: number) => decideModule.createDecide({ clock: () => new Date(instant) });

  async function escalationOf(ticketId: string) {
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    const event = loaded?.events.find((e) => e.type === 'escalated');
    if (loaded === undefined || event === undefined) throw new Error('no escalation recorded');
    const data = event.data as {
      firing: string;
      notification: import('../../functions/timers/notify.ts').NotificationIntent;
    };
    return { ticket: loaded.ticket, firing: data.firing, intent: data.notification };
  }

  it('an escalation to tier 2 of an assigned ticket texts the engineer and the tier-2 people once; a re-run sends nothing', async () => {
    const t0 = Date.parse('2026-11-16T02:00:00.000Z');
    const t = await levelThreeTicket(t0, { assign: true });
    await decideAt(t0 + 49 * H)({ ticketId: t.ticketId });

    const escalations = sent.filter((m) => m.template === 'escalationAlert');
    // The engineer (tier 1, and named again in tier 2: one text) and the PM; not the inactive member,
    // not the dispatcher (tier 1 only while unassigned), not tier 3.
    expect(escalations.map((m) => m.to).sort()).toEqual([t.engineerPhone, t.pm.phone].sort());
    const { ticket, firing } = await escalationOf(t.ticketId);
    expect(escalations[0]?.params).toEqual({ ticketNo: ticket.number, level: '2' });

    const items = (await notifications.notificationsOfTicket(t.ticketId)).filter((n) => n.firing === firing);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({
        status: 'sent',
        attempts: 1,
        template: 'escalationAlert',
        lang: 'zh-CN',
        channel: 'sms',
      });
      expect(item.providerMessageId).toMatch(/^provider-\d+$/);
      expect(item.missedTargetLocal).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    }
    expect(items.map((i) => `${i.recipientKind}:${i.tier}`).sort()).toEqual(['contact:2', 'staff:1']);
    for (const m of sent) expect([t.gonePhone, t.supervisor.phone, t.dispatcherPhone]).not.toContain(m.to);

    // A re-run of decide, and the same intents handed to the notifier again: nothing more is sent.
    const before = sent.length;
    await decideAt(t0 + 49 * H)({ ticketId: t.ticketId });
    const again = await escalationOf(t.ticketId);
    await notifyModule.notify(again.ticket, [again.intent]);
    expect(sent.length).toBe(before);
    expect(
      (await notifications.notificationsOfTicket(t.ticketId)).filter((n) => n.firing === firing),
    ).toHaveLength(2);
  });

  it('a failing SMS port leaves the firing recorded and each notification failed with the error name', async () => {
    const t0 = Date.parse('2026-11-16T06:00:00.000Z');
    const t = await levelThreeTicket(t0, { assign: true });
    failing = true;
    await decideAt(t0 + 49 * H)({ ticketId: t.ticketId });
    const { firing } = await escalationOf(t.ticketId);
    const items = (await notifications.notificationsOfTicket(t.ticketId)).filter((n) => n.firing === firing);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({ status: 'failed', error: 'ProviderDown', attempts: 1 });
      expect(item.providerMessageId).toBeUndefined();
    }
    expect(sent).toEqual([]);
    expect(await tickets.getTicket(t.ticketId)).toMatchObject({ level: 2, tier: 2, escalated: true });
  });

  it('tier 1 of an unassigned ticket is the contract’s tier-1 entries; the number typed in the form is never texted', async () => {
    const t0 = Date.parse('2026-11-16T08:00:00.000Z');
    const t = await levelThreeTicket(t0, { assign: false });
    await decideAt(t0 + 1.6 * H)({ ticketId: t.ticketId });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: t.dispatcherPhone, template: 'warning' });
    expect(sent[0]?.params).toMatchObject({ deadline: 'arrival' });

    // Arrival missed (tier 2) and on to the escalation: the tier-1 entries, tier 2; never the reporter.
    await decideAt(t0 + 49 * H)({ ticketId: t.ticketId });
    const escalations = sent.filter((m) => m.template === 'escalationAlert').map((m) => m.to);
    expect(escalations.sort()).toEqual([t.dispatcherPhone, t.pm.phone, t.engineerPhone].sort());
    const ticket = await tickets.getTicket(t.ticketId);
    expect(ticket?.reporterPhone).toBe(`+86${t.reporterPhone}`);
    for (const m of sent) {
      expect(m.to).not.toBe(t.reporterPhone);
      expect(m.to).not.toBe(`+86${t.reporterPhone}`);
    }
  });
});
