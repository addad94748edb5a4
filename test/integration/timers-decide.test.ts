/**
 * The decide step against DynamoDB Local, with the instant as a parameter: exactly once under racing
 * calls, nothing for a resolved fault, and the timer port called by the ticket write path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntakeSystem, loadIntakeSystem, MINOR, reportFault, seedContract } from './intake-fixtures.ts';

const H = 3_600_000;
const at = (base: number, hours: number) => new Date(base + hours * H).toISOString().replace('.000Z', 'Z');

describe('the decide step of the ticket timers', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let port: typeof import('../../functions/timers/port.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let service: typeof import('../../functions/tickets/service.ts');
  const armed: import('../../functions/timers/port.ts').TimerArm[] = [];
  beforeAll(async () => {
    s = await loadIntakeSystem();
    [decideModule, port, tickets, service] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/timers/port.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/tickets/service.ts'),
    ]);
    port.useTimerPort({ arm: (request) => void armed.push(request) });
  });
  afterAll(() => port.useTimerPort(undefined));

  async function levelThreeTicket(reportedAt: string) {
    const k = await seedContract(s, 'A');
    s.clock.set(reportedAt);
    await reportFault(s, k, { answers: MINOR });
    const board = await k.desk('GET', '/api/desk/board');
    const ticket = board.json.tickets[0];
    expect(ticket.level).toBe(3);
    return { k, ticketId: ticket.ticketId as string, nextWakeAt: ticket.nextWakeAt as string };
  }

  async function firings(ticketId: string) {
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    return (loaded?.events ?? [])
      .filter((e) => typeof (e.data as { firing?: unknown }).firing === 'string')
      .map((e) => ({ type: e.type, at: e.at, data: e.data as Record<string, unknown> }));
  }

  const decideAt = (instant: number) => decideModule.createDecide({ clock: () => new Date(instant) });

  it('records each due firing once when two decide calls race at the same instant', async () => {
    const t0 = Date.parse('2026-11-16T02:00:00.000Z');
    const { ticketId } = await levelThreeTicket(new Date(t0).toISOString());
    const decide = decideAt(t0 + 49 * H);
    const [a, b] = await Promise.all([decide({ ticketId }), decide({ ticketId })]);
    expect(a).toEqual({ ticketId, wakeAt: at(t0, 66) });
    expect(b).toEqual({ ticketId, wakeAt: at(t0, 66) });
    const expected = [
      ['arrivalWarning', at(t0, 1.5)],
      ['arrivalMissed', at(t0, 2)],
      ['resolutionWarning', at(t0, 36)],
      ['escalated', at(t0, 48)],
    ];
    expect((await firings(ticketId)).map((f) => [f.type, f.at])).toEqual(expected);

    // A duplicate or stale execution later: nothing more, and the same answer.
    await Promise.all([decide({ ticketId }), decide({ ticketId }), decideAt(t0 + 48.5 * H)({ ticketId })]);
    expect((await firings(ticketId)).map((f) => [f.type, f.at])).toEqual(expected);
    const ticket = await tickets.getTicket(ticketId);
    expect(ticket).toMatchObject({ level: 2, tier: 2, escalated: true, version: 5, nextWakeAt: at(t0, 66) });
  });

  it('a fault resolved before its deadline gets no escalation, and its timer ends', async () => {
    const t0 = Date.parse('2026-11-16T04:00:00.000Z');
    const { k, ticketId } = await levelThreeTicket(new Date(t0).toISOString());
    s.clock.set(new Date(t0 + 5 * 60_000).toISOString());
    const assigned = await k.desk('POST', `/api/desk/tickets/${ticketId}/assign`, {
      engineerId: k.engineer.staffId,
      expectedVersion: 1,
    });
    expect(assigned.status).toBe(200);
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    if (loaded === undefined) throw new Error('ticket not found');
    await service.applyChange(loaded, {
      command: 'resolve',
      event: { type: 'resolved' },
      actor: { kind: 'staff', id: k.engineer.staffId },
      now: new Date(t0 + 40 * H),
    });

    const out = await decideAt(t0 + 60 * H)({ ticketId });
    expect(out).toEqual({ ticketId, wakeAt: null });
    const recorded = await firings(ticketId);
    expect(recorded.map((f) => f.type)).toEqual(['arrivalWarning', 'arrivalMissed', 'resolutionWarning']);
    expect(recorded.some((f) => f.type === 'escalated')).toBe(false);
    expect(await tickets.getTicket(ticketId)).toMatchObject({
      level: 3,
      escalated: false,
      state: 'resolved',
    });
  });

  it('closed or unknown tickets need no timer', async () => {
    const t0 = Date.parse('2026-11-16T06:00:00.000Z');
    const { k, ticketId } = await levelThreeTicket(new Date(t0).toISOString());
    s.clock.set(new Date(t0 + 60_000).toISOString());
    const closed = await k.desk('POST', `/api/desk/tickets/${ticketId}/close`, {
      reason: '误报',
      expectedVersion: 1,
    });
    expect(closed.status).toBe(200);
    expect(await decideAt(t0 + 49 * H)({ ticketId })).toEqual({ ticketId, wakeAt: null });
    expect(await firings(ticketId)).toEqual([]);
    expect(armed.filter((a) => a.ticketId === ticketId).at(-1)).toEqual({
      ticketId,
      wakeAt: null,
      version: 2,
    });
    expect(await decideAt(t0)({ ticketId: 'no-such-ticket' })).toEqual({
      ticketId: 'no-such-ticket',
      wakeAt: null,
    });
  });

  it('intake arms the timer, and a desk pause and resume re-arm it with the new wake-up', async () => {
    const t0 = Date.parse('2026-11-16T08:00:00.000Z');
    const { k, ticketId, nextWakeAt } = await levelThreeTicket(new Date(t0).toISOString());
    const ofTicket = () => armed.filter((a) => a.ticketId === ticketId);
    expect(ofTicket()).toEqual([{ ticketId, wakeAt: nextWakeAt, version: 1 }]);

    // The arrival alerts fire; the next wake-up is the level-3 warning.
    expect(await decideAt(t0 + 2 * H)({ ticketId })).toEqual({ ticketId, wakeAt: at(t0, 36) });
    expect(ofTicket()).toHaveLength(1);

    s.clock.set(new Date(t0 + 3 * H).toISOString());
    const paused = await k.desk('POST', `/api/desk/tickets/${ticketId}/pause`, {
      reason: '等待客户开放机房',
      expectedVersion: 3,
    });
    expect(paused.status).toBe(200);
    // Paused, arrival already missed: nothing left to wake for.
    expect(paused.json.ticket.nextWakeAt).toBeNull();
    expect(ofTicket().at(-1)).toEqual({ ticketId, wakeAt: null, version: 4 });

    s.clock.set(new Date(t0 + 5 * H).toISOString());
    const resumed = await k.desk('POST', `/api/desk/tickets/${ticketId}/resume`, {
      reason: '客户已开放机房',
      expectedVersion: 4,
    });
    expect(resumed.status).toBe(200);
    // Two paused hours move the warning (36 h of service time) two hours later.
    expect(resumed.json.ticket.nextWakeAt).toBe(at(t0, 38));
    expect(ofTicket().at(-1)).toEqual({ ticketId, wakeAt: at(t0, 38), version: 5 });
    expect(ofTicket()).toHaveLength(3);
  });
});
