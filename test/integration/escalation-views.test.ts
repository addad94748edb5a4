/**
 * What the desk and the customer see of the timers, against DynamoDB Local: a level-3 ticket of an
 * A contract driven through the real decide step past its deadline (an SMS port that fails for one
 * recipient), then read through the desk's ticket detail and board and the customer's status page.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketDetailSchema } from '../../shared/tickets/schemas.ts';
import {
  addContact,
  call,
  type IntakeSystem,
  linkAuth,
  loadIntakeSystem,
  MINOR,
  reportFault,
  seedContract,
  setEscalation,
} from './intake-fixtures.ts';
import { ProviderDown, useTestNotifier } from './timers-fixtures.ts';

const H = 3_600_000;
/** An instant as the SLA engine writes it (no milliseconds). */
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('escalations and SMS on the desk and the status page', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  const failFor = new Set<string>();
  let sent = 0;
  let undoNotifier: () => void;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    decideModule = await import('../../functions/timers/decide.ts');
    undoNotifier = await useTestNotifier(async (message) => {
      if (failFor.has(message.to.phone)) throw new ProviderDown('provider unavailable');
      sent++;
      return { providerMessageId: `provider-${sent}` };
    });
  });
  afterAll(() => undoNotifier());

  async function escalatedTicket() {
    const k = await seedContract(s, 'A');
    const pm = await addContact(k, '项目经理 陈', 'project manager');
    const supervisor = await addContact(k, '主管 周', 'supervisor');
    await setEscalation(k, [
      { tier: 1, staffIds: [k.dispatcher.staffId] },
      { tier: 2, contactIds: [pm.contactId] },
      { tier: 3, contactIds: [supervisor.contactId] },
    ]);
    failFor.add(pm.phone);

    const t0 = Date.parse('2026-11-16T02:00:00.000Z');
    s.clock.set(new Date(t0).toISOString());
    const reporterPhone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const report = await reportFault(s, k, { answers: MINOR, contactPhone: reporterPhone });
    const board = await k.desk('GET', '/api/desk/board');
    const ticketId = board.json.tickets[0].ticketId as string;
    s.clock.set(new Date(t0 + 5 * 60_000).toISOString());
    const assigned = await k.desk('POST', `/api/desk/tickets/${ticketId}/assign`, {
      engineerId: k.engineer.staffId,
      expectedVersion: 1,
    });
    expect(assigned.status).toBe(200);

    // The timer wakes an hour after the level-3 target (48 h of 7×24 service time) ran out, then at
    // each retry of the texts that failed, until they are given up (5 attempts within 15 minutes).
    let at = t0 + 49 * H;
    for (let wakeUps = 0; wakeUps < 20; wakeUps++) {
      const out = await decideModule.createDecide({ clock: () => new Date(at) })({ ticketId });
      if (out.wakeAt === null || Date.parse(out.wakeAt) > t0 + 49 * H + 30 * 60_000) break;
      at = Math.max(Date.parse(out.wakeAt), at + 1);
    }
    s.clock.set(new Date(at + 60_000).toISOString());
    const engineerPhone = (await s.system.staff.getStaff(k.engineer.staffId))?.phone as string;
    return {
      k,
      ticketId,
      t0,
      pmPhone: pm.phone,
      supervisorPhone: supervisor.phone,
      engineerPhone,
      reporterPhone,
      statusToken: report.json.statusToken,
    };
  }

  it('the desk ticket shows each firing, the escalation with its missed target, and every SMS masked', async () => {
    const t = await escalatedTicket();
    const res = await t.k.desk('GET', `/api/desk/tickets/${t.ticketId}`);
    expect(res.status).toBe(200);
    const detail = TicketDetailSchema.parse(res.json);

    const firings = detail.timeline.filter((e) =>
      ['arrivalWarning', 'arrivalMissed', 'resolutionWarning', 'escalated'].includes(e.type),
    );
    expect(firings.map((e) => e.type)).toEqual([
      'arrivalWarning',
      'arrivalMissed',
      'resolutionWarning',
      'escalated',
    ]);
    for (const e of firings) expect(e.void).toBeUndefined();
    const escalation = firings.find((e) => e.type === 'escalated');
    expect(escalation?.data).toMatchObject({
      fromLevel: 3,
      toLevel: 2,
      tier: 2,
      missedTarget: { level: 3, dueAt: iso(t.t0 + 48 * H) },
    });
    expect(detail.ticket).toMatchObject({ level: 2, tier: 2, escalated: true });
    // Tier 2 (the PM, whose number fails) was texted for the missed arrival and for the escalation;
    // both texts were given up after 5 attempts, and tier 3 (the supervisor) alerted instead.
    expect(detail.ticket.alerts).toEqual({ escalations: 1, failedSms: 2 });
    const undelivered = detail.notifications.filter((n) => n.status === 'undelivered');
    expect(undelivered.map((n) => [n.recipient.name, n.attempts, n.fallbackTier, n.nextAttemptAt])).toEqual([
      ['项目经理 陈', 5, 3, null],
      ['项目经理 陈', 5, 3, null],
    ]);

    // The escalation texted the engineer (tier 1, sent), the PM (tier 2, undelivered) and, in the
    // PM's place, the supervisor (tier 3).
    const sms = detail.notifications.filter((n) => n.firing === escalation?.data.firing);
    expect(sms.map((n) => n.recipient.name).sort()).toEqual(['Engineer Li', '主管 周', '项目经理 陈']);
    const engineerSms = sms.find((n) => n.recipient.kind === 'staff');
    const pmSms = sms.find((n) => n.recipient.name === '项目经理 陈');
    const supervisorSms = sms.find((n) => n.recipient.name === '主管 周');
    expect(engineerSms).toMatchObject({
      status: 'sent',
      attempts: 1,
      tier: 1,
      template: 'escalationAlert',
      error: null,
      standsIn: false,
    });
    expect(engineerSms?.providerMessageId).toMatch(/^provider-\d+$/);
    expect(pmSms).toMatchObject({
      status: 'undelivered',
      error: 'ProviderDown',
      providerMessageId: null,
      tier: 2,
      attempts: 5,
      fallbackTier: 3,
    });
    expect(supervisorSms).toMatchObject({
      status: 'sent',
      tier: 3,
      standsIn: true,
      template: 'escalationAlert',
    });
    expect(pmSms?.missedTargetLocal).toBe('2026-11-18 10:00');
    // Every SMS of the ticket (the warnings' too) belongs to a firing on the timeline.
    const keys = new Set(firings.map((e) => e.data.firing));
    for (const n of detail.notifications) expect(keys.has(n.firing)).toBe(true);

    // Masked phones only: no full number of anyone alerted is anywhere in the answer.
    expect(engineerSms?.recipient.phone).toBe(
      `${t.engineerPhone.slice(0, -8)}****${t.engineerPhone.slice(-4)}`,
    );
    expect(res.text).not.toContain(t.engineerPhone);
    expect(res.text).not.toContain(t.pmPhone);
    expect(res.text).not.toContain(t.supervisorPhone);
  });

  it('the board marks the escalated ticket with its count, tier and undelivered SMS', async () => {
    const t = await escalatedTicket();
    const res = await t.k.desk('GET', '/api/desk/board');
    expect(res.status).toBe(200);
    const row = (res.json.tickets as { ticketId: string }[]).find((x) => x.ticketId === t.ticketId);
    expect(row).toMatchObject({
      escalated: true,
      tier: 2,
      level: 2,
      alerts: { escalations: 1, failedSms: 2 },
    });
    expect(res.text).not.toContain(t.pmPhone);
  });

  it('the status page shows the raised level and no warnings, tiers or staff numbers', async () => {
    const t = await escalatedTicket();
    const res = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(t.statusToken));
    expect(res.status).toBe(200);
    expect(res.json.level).toBe(2);
    expect(res.json.levelRaises).toEqual([{ fromLevel: 3, toLevel: 2, at: iso(t.t0 + 48 * H) }]);
    const types = (res.json.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['reported', 'assigned', 'escalated']);
    expect(res.json.timeline[2]).toEqual({
      type: 'escalated',
      at: iso(t.t0 + 48 * H),
      faultLevel: 2,
      fromLevel: 3,
    });
    expect(res.text).not.toMatch(/tier/i);
    expect(res.text).not.toContain(t.engineerPhone);
    expect(res.text).not.toContain(t.pmPhone);
  });

  it('a ticket before any firing shows no raise and no marks', async () => {
    const k = await seedContract(s, 'A');
    const t0 = Date.parse('2026-11-17T02:00:00.000Z');
    s.clock.set(new Date(t0).toISOString());
    const report = await reportFault(s, k, { answers: MINOR });
    const status = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(report.json.statusToken));
    expect(status.json.levelRaises).toEqual([]);
    const board = await k.desk('GET', '/api/desk/board');
    expect(board.json.tickets[0].alerts).toEqual({ escalations: 0, failedSms: 0 });
  });
});
