/**
 * Escalation timers through the state machine file itself: the ASL that Step Functions runs in AWS,
 * executed by aws-local-stepfunctions inside LocalTimers, with the real decide step against DynamoDB
 * Local. Time is a parameter: the decide step's clock and the timers' `now` jump to each wake-up, and
 * the Wait state is overridden to a few real milliseconds. The texts go to a capturing SMS port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTimers } from '../../infra/local/timers.ts';
import {
  contractChain,
  type IntakeSystem,
  loadIntakeSystem,
  MINOR,
  reportFault,
  seedContract,
} from './intake-fixtures.ts';

const H = 3_600_000;
const at = (base: number, hours: number) => new Date(base + hours * H).toISOString().replace('.000Z', 'Z');

describe('ticket timers through the synthesized definition', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let boot: typeof import('../../functions/timers/boot.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let notifyModule: typeof import('../../functions/timers/notify.ts');
  const running: LocalTimers[] = [];
  const sent: { to: string; template: string; params: Record<string, string> }[] = [];
  beforeAll(async () => {
    s = await loadIntakeSystem();
    let smsNotifier: typeof import('../../functions/timers/sms-notifier.ts');
    [decideModule, boot, tickets, notifyModule, smsNotifier] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/timers/boot.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/timers/notify.ts'),
      import('../../functions/timers/sms-notifier.ts'),
    ]);
    notifyModule.useNotifier(
      smsNotifier.createSmsNotifier({
        sms: {
          async send(message) {
            sent.push({ to: message.to.phone, template: message.template, params: message.params });
            return { providerMessageId: `chain-${sent.length}` };
          },
        },
      }),
    );
  });
  afterAll(() => {
    for (const t of running) t.stop();
    notifyModule.useNotifier(undefined);
  });

  /** An A-level contract and a level-3 ticket reported (and accepted, 7×24) at `reportedAt`. */
  async function levelThreeTicket(reportedAt: string) {
    const k = await seedContract(s, 'A');
    s.clock.set(reportedAt);
    await reportFault(s, k, { answers: MINOR });
    const board = await k.desk('GET', '/api/desk/board');
    const ticket = board.json.tickets[0];
    expect(ticket).toMatchObject({ level: 3, acceptedAt: reportedAt.replace('.000Z', 'Z') });
    return { k, ticketId: ticket.ticketId as string, nextWakeAt: ticket.nextWakeAt as string };
  }

  async function firings(ticketId: string) {
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    return (loaded?.events ?? [])
      .filter((e) => typeof (e.data as { firing?: unknown }).firing === 'string')
      .map((e) => ({ type: e.type, at: e.at, seq: e.seq, data: e.data as Record<string, unknown> }));
  }

  it('A, level 3 → 2 (tier 2) → 1 (tier 3) → repeated level-1 alerts: one event per deadline', async () => {
    const t0 = Date.parse('2026-11-18T02:00:00.000Z');
    const { k, ticketId, nextWakeAt } = await levelThreeTicket(new Date(t0).toISOString());
    expect(nextWakeAt).toBe(at(t0, 1.5));
    // The contract's chain: tier 1 the dispatcher, tier 2 a PM, tier 3 a supervisor (contacts).
    const { pm, supervisor } = await contractChain(k);
    const dispatcherPhone = (await s.system.staff.getStaff(k.dispatcher.staffId))?.phone;
    sent.length = 0;

    let virtual = Date.parse(nextWakeAt);
    const decide = decideModule.createDecide({ clock: () => new Date(virtual) });
    const decided: { at: string; wakeAt: string | null; recorded: number }[] = [];
    const done = Promise.withResolvers<void>();
    const timers = new LocalTimers({
      now: () => virtual,
      waitOverrideMs: 2,
      decide: async (input) => {
        const before = (await firings(input.ticketId)).length;
        const out = await decide(input);
        const recorded = (await firings(input.ticketId)).length - before;
        decided.push({ at: new Date(virtual).toISOString(), wakeAt: out.wakeAt, recorded });
        if (decided.length >= 10 || out.wakeAt === null) {
          done.resolve();
          return { ...out, wakeAt: null };
        }
        virtual = Date.parse(out.wakeAt);
        return out;
      },
    });
    running.push(timers);
    timers.arm(ticketId, nextWakeAt);
    await done.promise;
    await expect.poll(() => timers.armed).toBe(0);

    // Every wake-up recorded exactly one firing: the one due at that instant.
    expect(decided.map((d) => d.recorded)).toEqual(Array(10).fill(1));
    const recorded = await firings(ticketId);
    expect(recorded.map((f) => [f.type, f.at])).toEqual([
      ['arrivalWarning', at(t0, 1.5)],
      ['arrivalMissed', at(t0, 2)],
      ['resolutionWarning', at(t0, 36)],
      ['escalated', at(t0, 48)],
      ['resolutionWarning', at(t0, 48 + 18)],
      ['escalated', at(t0, 72)],
      ['resolutionWarning', at(t0, 72 + 1.5)],
      ['escalated', at(t0, 74)],
      ['escalated', at(t0, 76)],
      ['escalated', at(t0, 78)],
    ]);
    const escalations = recorded.filter((f) => f.type === 'escalated').map((f) => f.data);
    expect(escalations.map((e) => [e.fromLevel, e.toLevel, e.tier])).toEqual([
      [3, 2, 2],
      [2, 1, 3],
      [1, 1, 3],
      [1, 1, 3],
      [1, 1, 3],
    ]);
    expect(escalations[0]).toMatchObject({
      cause: 'deadline',
      missedTarget: { clock: 'resolution', level: 3, targetMinutes: 48 * 60, dueAt: at(t0, 48) },
      notification: { channel: 'sms', template: 'escalation', tier: 2, status: 'pending' },
    });
    expect(escalations[1]?.missedTarget).toMatchObject({
      level: 2,
      targetMinutes: 24 * 60,
      dueAt: at(t0, 72),
    });
    expect(escalations[2]?.missedTarget).toMatchObject({ level: 1, targetMinutes: 120, dueAt: at(t0, 74) });
    // The arrival miss goes to tier 2; the fault level does not change with it.
    expect(recorded[1]?.data).toMatchObject({ tier: 2 });

    const ticket = await tickets.getTicket(ticketId);
    expect(ticket).toMatchObject({ level: 1, tier: 3, escalated: true, resolutionDueAt: at(t0, 80) });
    expect(ticket?.nextWakeAt).toBe(at(t0, 80));
    expect(decided.at(-1)?.wakeAt).toBe(at(t0, 80));
    // The texts: each escalation to tiers 1..its tier (the ticket is unassigned: tier 1 is the
    // contract's), each once; level 2 at 48 h, then level 1 every time after.
    const number = ticket?.number;
    const escalationTexts = sent.filter((m) => m.template === 'escalationAlert');
    expect(escalationTexts.map((m) => [m.params.level, m.to])).toEqual([
      ...[dispatcherPhone, pm.phone].map((to) => ['2', to]),
      ...Array.from({ length: 4 }, () =>
        [dispatcherPhone, pm.phone, supervisor.phone].map((to) => ['1', to]),
      ).flat(),
    ]);
    expect(escalationTexts.every((m) => m.params.ticketNo === number)).toBe(true);
    expect(sent.filter((m) => m.template === 'arrivalMissed').map((m) => m.to)).toEqual([
      dispatcherPhone,
      pm.phone,
    ]);
    expect(sent.filter((m) => m.template === 'warning').every((m) => m.to === dispatcherPhone)).toBe(true);
    const items = await (await import('../../functions/store/notifications.ts')).notificationsOfTicket(
      ticketId,
    );
    expect(items.length).toBe(sent.length);
    expect(items.every((i) => i.status === 'sent' && i.attempts === 1)).toBe(true);
    // Each decide wrote the ticket once, with a system actor's audit record.
    const audit = await s.system.audit.auditOfObject('ticket', ticketId);
    const timerRecords = audit.filter((r) => r.action === 'timer');
    expect(timerRecords).toHaveLength(10);
    expect(timerRecords[0]).toMatchObject({ actorKind: 'system', actorId: 'timer' });
  });

  it('re-armed at boot from the index, a wake-up that passed while down fires within 1 s', async () => {
    // Reported in the past: the stored next wake-up (the arrival warning) passed long ago.
    const t0 = Date.parse('2026-11-10T02:00:00.000Z');
    const { k, ticketId, nextWakeAt } = await levelThreeTicket(new Date(t0).toISOString());
    const wakeUps = await boot.wakeUpsFromIndex();
    expect(wakeUps.filter((w) => w.ticketId === ticketId)).toEqual([
      { ticketId, wakeAt: nextWakeAt, companyId: k.companyId },
    ]);

    const decideAt = t0 + 3 * H;
    const decide = decideModule.createDecide({ clock: () => new Date(decideAt) });
    const calls: number[] = [];
    const timers = new LocalTimers({
      decide: async (input) => {
        calls.push(Date.now());
        return decide(input);
      },
    });
    running.push(timers);
    const booted = Date.now();
    // Only this test's company: the table is shared with the other test files.
    expect(await boot.rearmFromIndex(timers, (w) => w.companyId === k.companyId)).toBe(1);
    await expect.poll(() => calls.length, { timeout: 2000, interval: 20 }).toBe(1);
    expect((calls[0] ?? Infinity) - booted).toBeLessThan(1000);
    await expect
      .poll(async () => (await firings(ticketId)).map((f) => f.type), { timeout: 2000, interval: 20 })
      .toEqual(['arrivalWarning', 'arrivalMissed']);
    // The timer now waits for the level-3 warning, re-armed with the next wake-up decide returned.
    expect((await tickets.getTicket(ticketId))?.nextWakeAt).toBe(at(t0, 36));
    expect(timers.armed).toBe(1);
    timers.stop();
  });
});
