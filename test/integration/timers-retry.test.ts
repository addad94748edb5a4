/**
 * Fault injection on the SMS provider (docs/timers.md "Retries and the next tier"): an SMS port that
 * throws for its first N calls — the injected fault; everything else is real, on DynamoDB Local. The
 * escalation is recorded whatever the provider does; failed texts are retried with back-off (1, 2, 4,
 * 8 minutes) on the timer's own wake-ups, exactly once per attempt; a text whose attempts are used up
 * alerts the next tier once and shows as undelivered; after the provider recovers what is pending is sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderSms } from '../../shared/sms/templates.ts';
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
const M = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Sent {
  to: string;
  template: string;
}

describe('SMS provider failing for a while', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let smsNotifier: typeof import('../../functions/timers/sms-notifier.ts');
  let notifications: typeof import('../../functions/store/notifications.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let port: typeof import('../../functions/timers/port.ts');
  let boot: typeof import('../../functions/timers/boot.ts');
  let sent: Sent[] = [];
  let calls = 0;
  /** The injected fault: the provider refuses its first `failFirst` calls, then works. */
  let failFirst = 0;
  let undoNotifier: () => void;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [decideModule, smsNotifier, notifications, tickets, port, boot] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/timers/sms-notifier.ts'),
      import('../../functions/store/notifications.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/timers/port.ts'),
      import('../../functions/timers/boot.ts'),
    ]);
    undoNotifier = await useTestNotifier(async (message) => {
      calls++;
      if (calls <= failFirst) throw new ProviderDown('provider unavailable');
      sent.push({ to: message.to.phone, template: message.template });
      return { providerMessageId: `provider-${calls}` };
    });
  });
  afterAll(() => undoNotifier());
  beforeEach(() => {
    sent = [];
    calls = 0;
    failFirst = 0;
  });

  /** Tier 1 the dispatcher, tier 2 a PM contact and the engineer, tier 3 a supervisor contact. */
  async function chain(k: Seeded) {
    const pm = await addContact(k, '项目经理 陈', 'escalation');
    const supervisor = await addContact(k, '主管 周', 'escalation');
    await setEscalation(k, [
      { tier: 1, staffIds: [k.dispatcher.staffId] },
      { tier: 2, contactIds: [pm.contactId], staffIds: [k.engineer.staffId] },
      { tier: 3, contactIds: [supervisor.contactId] },
    ]);
    const engineer = await s.system.staff.getStaff(k.engineer.staffId);
    return { pm, supervisor, engineerPhone: engineer?.phone };
  }

  /**
   * An assigned A-level ticket at level 3, every firing before the 48 h escalation already sent with the
   * provider up. Answers the escalation's instant T (3 → 2, tier 2: the engineer and the PM).
   */
  async function ticketBeforeEscalation(t0: number) {
    const k = await seedContract(s, 'A');
    const people = await chain(k);
    s.clock.set(iso(t0));
    await reportFault(s, k, { answers: MINOR });
    const board = await k.desk('GET', '/api/desk/board');
    const ticketId = board.json.tickets[0].ticketId as string;
    s.clock.set(iso(t0 + 5 * M));
    const assigned = await k.desk('POST', `/api/desk/tickets/${ticketId}/assign`, {
      engineerId: k.engineer.staffId,
      expectedVersion: 1,
    });
    expect(assigned.status).toBe(200);
    await decideAt(t0 + 47 * H)({ ticketId });
    sent = [];
    calls = 0;
    return { k, ticketId, T: t0 + 48 * H, ...people };
  }

  const decideAt = (instant: number) => decideModule.createDecide({ clock: () => new Date(instant) });

  async function escalationItems(ticketId: string) {
    const all = await notifications.notificationsOfTicket(ticketId);
    return all.filter((n) => n.firing.startsWith('escalation@'));
  }

  it('retries with back-off until the attempts are used up, then alerts the next tier once and shows it', async () => {
    const t = await ticketBeforeEscalation(Date.parse('2026-11-02T02:00:00.000Z'));
    failFirst = 10; // five attempts of two texts

    // The escalation is recorded although no text goes out; the timer comes back for the first retry.
    const first = await decideAt(t.T)({ ticketId: t.ticketId });
    expect(await tickets.getTicket(t.ticketId)).toMatchObject({ level: 2, tier: 2, escalated: true });
    expect(first.wakeAt).toBe(iso(t.T + 1 * M));
    expect(await notifications.retryWakeOf(t.ticketId)).toBe(iso(t.T + 1 * M));
    // Armed by a change, and re-armed at boot: the retry comes before the SLA engine's wake-up.
    const armed: (string | null)[] = [];
    port.useTimerPort({ arm: (r) => void armed.push(r.wakeAt) });
    await port.armTicketTimer({ ticketId: t.ticketId, wakeAt: iso(t.T + 18 * H), version: 9 });
    port.useTimerPort({ arm: () => {} });
    expect(armed).toEqual([iso(t.T + 1 * M)]);
    const fromIndex = (await boot.wakeUpsFromIndex()).find((w) => w.ticketId === t.ticketId);
    expect(fromIndex?.wakeAt).toBe(iso(t.T + 1 * M));

    // Each wake-up makes the next attempt: 1, 2, 4, 8 minutes apart.
    const wakeUps: (string | null)[] = [];
    let at = t.T + 1 * M;
    for (let i = 0; i < 4; i++) {
      const out = await decideAt(at)({ ticketId: t.ticketId });
      wakeUps.push(out.wakeAt === null ? null : iso(Date.parse(out.wakeAt)));
      if (out.wakeAt === null) break;
      at = Date.parse(out.wakeAt);
    }
    expect(wakeUps).toEqual([
      iso(t.T + 3 * M),
      iso(t.T + 7 * M),
      iso(t.T + 15 * M),
      // After the fifth attempt: the next tier alerted, nothing pending; the SLA engine's next instant.
      iso(t.T + 18 * H),
    ]);
    expect(calls).toBe(11);

    const items = await escalationItems(t.ticketId);
    const own = items.filter((i) => !i.firing.includes('|'));
    expect(own).toHaveLength(2);
    for (const item of own) {
      expect(item).toMatchObject({
        status: 'undelivered',
        attempts: 5,
        error: 'ProviderDown',
        fallbackTier: 3,
      });
      expect(item.nextAttemptAt).toBeUndefined();
    }
    // Tier 3 alerted once for both failures (the PM's tier 2 and the engineer's tier 1: tier 2 has nobody
    // left who was not texted), with the same text; the provider was back by then.
    const fallback = items.filter((i) => i.firing.includes('|fallback/T3'));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({ status: 'sent', attempts: 1, tier: 3, template: 'escalationAlert' });
    expect(sent).toEqual([{ to: t.supervisor.phone, template: 'escalationAlert' }]);

    // The desk reads it: per ticket and per company.
    const summary = await notifications.notificationSummaryOfTicket(t.ticketId);
    expect(summary).toMatchObject({ undelivered: 2, pending: 0, nextAttemptAt: null });
    const marked = (await notifications.undeliveredOfCompany(t.k.companyId)).filter(
      (u) => u.ticketId === t.ticketId,
    );
    expect(marked.map((u) => [u.recipient.split(':')[0], u.tier, u.fallbackTier]).sort()).toEqual([
      ['contact', 2, 3],
      ['staff', 1, 3],
    ]);
    expect(await notifications.retryWakeOf(t.ticketId)).toBeNull();

    // Later wake-ups send nothing more for this firing.
    await decideAt(t.T + 18 * H)({ ticketId: t.ticketId });
    expect(sent.filter((m) => m.template === 'escalationAlert')).toHaveLength(1);
  });

  it('after the provider recovers, the pending texts are sent and the timer goes back to the SLA engine', async () => {
    const t = await ticketBeforeEscalation(Date.parse('2026-11-03T02:00:00.000Z'));
    failFirst = 3;
    const wakeUps: (string | null)[] = [];
    let at = t.T;
    for (let i = 0; i < 3; i++) {
      const out = await decideAt(at)({ ticketId: t.ticketId });
      wakeUps.push(out.wakeAt === null ? null : iso(Date.parse(out.wakeAt)));
      if (out.wakeAt === null) break;
      at = Date.parse(out.wakeAt);
    }
    expect(wakeUps).toEqual([iso(t.T + 1 * M), iso(t.T + 3 * M), iso(t.T + 18 * H)]);
    const items = await escalationItems(t.ticketId);
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.status === 'sent' && i.nextAttemptAt === undefined)).toBe(true);
    expect(items.map((i) => i.attempts).sort()).toEqual([2, 3]);
    expect(sent.map((m) => m.to).sort()).toEqual([t.pm.phone, t.engineerPhone].sort());
    expect(await notifications.retryWakeOf(t.ticketId)).toBeNull();
  });

  it('makes each attempt exactly once when two timers wake for it together', async () => {
    const t = await ticketBeforeEscalation(Date.parse('2026-11-04T02:00:00.000Z'));
    failFirst = 2;
    await decideAt(t.T)({ ticketId: t.ticketId });
    expect(sent).toHaveLength(0);
    const outs = await Promise.all([
      decideAt(t.T + M)({ ticketId: t.ticketId }),
      decideAt(t.T + M)({ ticketId: t.ticketId }),
      decideAt(t.T + M)({ ticketId: t.ticketId }),
    ]);
    expect(calls).toBe(4);
    expect(sent.map((m) => m.to).sort()).toEqual([t.pm.phone, t.engineerPhone].sort());
    const items = await escalationItems(t.ticketId);
    expect(items.map((i) => [i.status, i.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    // A timer that lost a claim sees the winner's send in flight and comes back at its timeout.
    for (const out of outs)
      expect([iso(t.T + 3 * M), iso(t.T + 18 * H)]).toContain(iso(Date.parse(out.wakeAt ?? '')));
    const later = await decideAt(t.T + 3 * M)({ ticketId: t.ticketId });
    expect(calls).toBe(4);
    expect(iso(Date.parse(later.wakeAt ?? ''))).toBe(iso(t.T + 18 * H));
  });

  it('a send whose process died (left `sending`) is tried again after the send timeout', async () => {
    const t = await ticketBeforeEscalation(Date.parse('2026-11-05T02:00:00.000Z'));
    const firing = 'reportWarning@2026-11-05T05:00:00Z#L-/T1';
    const claimed = await notifications.claimNotification({
      ticketId: t.ticketId,
      firing,
      recipient: `staff:${t.k.engineer.staffId}`,
      companyId: t.k.companyId,
      contractId: t.k.contractId,
      recipientKind: 'staff',
      recipientId: t.k.engineer.staffId,
      tier: 1,
      phone: t.engineerPhone ?? '',
      channel: 'sms',
      template: 'reportDue',
      lang: 'zh-CN',
      params: { ticketNo: 'SC-1', days: '1' },
      createdAt: iso(t.T - 30 * M),
      at: iso(t.T - 30 * M),
    });
    expect(claimed).toBe(true);
    // Not yet: the send's timeout (2 minutes) has not passed at the claim's instant + 1 minute.
    await decideAt(t.T - 29 * M)({ ticketId: t.ticketId });
    expect(sent).toHaveLength(0);
    await decideAt(t.T - 27 * M)({ ticketId: t.ticketId });
    expect(sent).toEqual([{ to: t.engineerPhone, template: 'reportDue' }]);
    const item = (await notifications.notificationsOfTicket(t.ticketId)).find((n) => n.firing === firing);
    expect(item).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('words a missed service report as overdue, not as due in 0 days', () => {
    const { template, params } = smsNotifier.messageOf('SC-2026-000123', {
      channel: 'sms',
      firing: 'reportMissed@2026-11-20T02:00:00.000Z#L-/T2/R1',
      template: 'reportMissed',
      tier: 2,
      roles: [],
      status: 'pending',
    });
    expect(template).toBe('reportMissed');
    expect(renderSms(template, params, 'zh-CN')).toBe(
      '【Sitecall】故障 SC-2026-000123 的现场服务文档已逾期未交,请跟进。',
    );
    expect(renderSms(template, params, 'en')).toBe(
      '[Sitecall] Fault SC-2026-000123: service report overdue. Follow up.',
    );
  });
});
