/**
 * The phone's time (sla-rules.md "Offline events and time") through the outbox against DynamoDB Local:
 * the phone's recorded time is used, never later than the receipt, never before acceptance, corrected
 * by the measured offset beyond 2 minutes; a late event recomputes the clocks, marks void the timer
 * firings it disproves, and re-arms the timer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignedTicket,
  type FieldSystem,
  loadFieldSystem,
  outboxItem,
  sendOutbox,
  storedEvents,
  sync,
} from './field-fixtures.ts';

const H = 3_600_000;
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const correctionsOf = (e: { data?: unknown } | undefined) =>
  ((e?.data ?? {}) as { corrections?: string[] }).corrections;

describe('field events and the phone clock', () => {
  let s: FieldSystem;
  const armed: { ticketId: string; wakeAt: string | null; version: number }[] = [];
  beforeAll(async () => {
    s = await loadFieldSystem();
    s.port.useTimerPort({ arm: (request) => void armed.push(request) });
  });
  afterAll(() => s.port.useTimerPort(undefined));

  /** A level-3 fault of an A contract (7×24) reported at t0 and assigned 5 minutes later. */
  async function ticketAt(t0: number) {
    s.clock.set(iso(t0));
    const { k, ticketId } = await assignedTicket(s, { serviceLevel: 'A', minor: true });
    return { k, ticketId };
  }

  async function lastEvent(ticketId: string, type: string) {
    return (await storedEvents(s, ticketId)).filter((e) => e.type === type).at(-1);
  }

  it('uses the phone time of an offline check-in, and the arrival counts as met at that time', async () => {
    const t0 = Date.parse('2026-11-16T02:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    s.clock.set(iso(t0 + 3 * H));
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(
        s,
        { kind: 'checkIn', ticketId, position: null },
        { recordedAt: iso(t0 + 1 * H), clockOffsetMs: 0 },
      ),
    ]);
    expect(res.json.results[0].status).toBe('applied');
    const event = await lastEvent(ticketId, 'checkedIn');
    expect(event).toMatchObject({
      at: iso(t0 + 1 * H),
      recordedAt: iso(t0 + 1 * H),
      receivedAt: iso(t0 + 3 * H),
      clockOffsetMs: 0,
      corrected: false,
    });
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    // Arrival met: the next deadline is the resolution's (48 h), not the arrival's (2 h).
    expect(detail.json.ticket.breachAt).toBe(detail.json.ticket.resolutionDueAt);
    expect(detail.json.ticket.state).toBe('onSite');
  });

  it('a phone time later than the receipt is held at the receipt, and marked corrected', async () => {
    const t0 = Date.parse('2026-11-16T04:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    s.clock.set(iso(t0 + 1 * H));
    await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'depart', ticketId }, { recordedAt: iso(t0 + 2 * H), clockOffsetMs: 30_000 }),
    ]);
    const event = await lastEvent(ticketId, 'departed');
    expect(event).toMatchObject({ at: iso(t0 + 1 * H), recordedAt: iso(t0 + 2 * H), corrected: true });
    expect(correctionsOf(event)).toEqual(['clampedToReceipt']);
  });

  it('a phone time before the ticket was accepted is raised to the acceptance', async () => {
    const t0 = Date.parse('2026-11-16T06:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    s.clock.set(iso(t0 + 30 * MIN));
    await sendOutbox(s, k.engineer.auth, [
      outboxItem(
        s,
        { kind: 'note', ticketId, text: 'early' },
        { recordedAt: iso(t0 - 24 * H), clockOffsetMs: null },
      ),
    ]);
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    const event = await lastEvent(ticketId, 'workNote');
    expect(Date.parse(event?.at ?? '')).toBe(Date.parse(detail.json.ticket.acceptedAt));
    expect(event?.corrected).toBe(true);
    expect(event?.clockOffsetMs).toBeUndefined();
    expect(correctionsOf(event)).toEqual(['clampedToAcceptance']);
  });

  it('corrects by the measured offset beyond 2 minutes, not within', async () => {
    const t0 = Date.parse('2026-11-16T08:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    s.clock.set(iso(t0 + 4 * H));
    // The phone's clock ran 10 minutes fast at its last sync: 03:10 on the phone was 03:00.
    const fast = 10 * MIN;
    await sendOutbox(s, k.engineer.auth, [
      outboxItem(
        s,
        { kind: 'depart', ticketId },
        { recordedAt: iso(t0 + 1 * H + fast), clockOffsetMs: fast },
      ),
      outboxItem(
        s,
        { kind: 'checkIn', ticketId, position: null },
        { recordedAt: iso(t0 + 2 * H + 90_000), clockOffsetMs: 90_000 },
      ),
    ]);
    const departed = await lastEvent(ticketId, 'departed');
    expect(departed).toMatchObject({
      at: iso(t0 + 1 * H),
      recordedAt: iso(t0 + 1 * H + fast),
      clockOffsetMs: fast,
      corrected: true,
    });
    expect(correctionsOf(departed)).toEqual(['clockOffset']);
    // 90 s is within the tolerance: the phone's time stands, so the check-in is 90 s after the 2-hour target.
    const checkedIn = await lastEvent(ticketId, 'checkedIn');
    expect(checkedIn).toMatchObject({ at: iso(t0 + 2 * H + 90_000), corrected: false });
    const snapshot = await sync(s, k.engineer.auth);
    const t = snapshot.json.tickets.find((x: { id: string }) => x.id === ticketId);
    expect(t.checkIn).toMatchObject({
      at: iso(t0 + 2 * H + 90_000),
      corrected: false,
      clockOffsetMs: 90_000,
    });
    const departedView = t.timeline.find((e: { type: string }) => e.type === 'departed');
    expect(departedView.data.corrections).toEqual(['clockOffset']);
  });

  it('a late check-in voids the arrival alerts the timer recorded before it arrived', async () => {
    const t0 = Date.parse('2026-11-16T10:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    const decided = await s.decide.createDecide({ clock: () => new Date(t0 + 2.5 * H) })({ ticketId });
    expect(decided.wakeAt).not.toBeNull();
    const before = await storedEvents(s, ticketId);
    expect(before.filter((e) => e.voidAt === undefined).map((e) => e.type)).toContain('arrivalMissed');

    s.clock.set(iso(t0 + 3 * H));
    await sendOutbox(s, k.engineer.auth, [
      outboxItem(
        s,
        { kind: 'checkIn', ticketId, position: null },
        { recordedAt: iso(t0 + 1 * H + 45 * MIN) },
      ),
    ]);
    const after = await storedEvents(s, ticketId);
    const missed = after.find((e) => e.type === 'arrivalMissed');
    expect(missed).toMatchObject({ voidAt: iso(t0 + 3 * H), voidReason: 'checkedInBeforeDeadline' });
    // The warning at 1 h 30 came before the check-in at 1 h 45: it stands.
    expect(after.find((e) => e.type === 'arrivalWarning')?.voidAt).toBeUndefined();
    // Kept in the history: nothing was removed.
    expect(after.length).toBe(before.length + 1);
  });

  it('a late resolve voids the escalation it disproves: level back, escalation kept but marked, timer re-armed', async () => {
    const t0 = Date.parse('2026-11-16T12:00:00.000Z');
    const { k, ticketId } = await ticketAt(t0);
    // The timer fired the escalation at 48 h: level 3 → 2, tier 2.
    await s.decide.createDecide({ clock: () => new Date(t0 + 49 * H) })({ ticketId });
    const escalatedTicket = await s.tickets.getTicket(ticketId);
    expect(escalatedTicket).toMatchObject({ level: 2, escalated: true });

    // The engineer had in fact resolved it at 40 h, offline; the phone reaches the server at 50 h.
    s.clock.set(iso(t0 + 50 * H));
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'resolve', ticketId }, { recordedAt: iso(t0 + 40 * H), clockOffsetMs: 20_000 }),
    ]);
    expect(res.json.results[0].status).toBe('applied');
    const events = await storedEvents(s, ticketId);
    const escalation = events.find((e) => e.type === 'escalated');
    expect(escalation).toMatchObject({ voidAt: iso(t0 + 50 * H), voidReason: 'resolvedBeforeDeadline' });
    // The warning at 36 h was right: the fault was still open then.
    expect(events.find((e) => e.type === 'resolutionWarning')?.voidAt).toBeUndefined();
    const resolved = events.find((e) => e.type === 'resolved');
    expect(resolved).toMatchObject({ at: iso(t0 + 40 * H), receivedAt: iso(t0 + 50 * H), corrected: false });
    const ticket = await s.tickets.getTicket(ticketId);
    expect(ticket).toMatchObject({ state: 'resolved', level: 3, escalated: false });
    // No deadline left to watch: the timer is told so.
    expect(armed.filter((a) => a.ticketId === ticketId).at(-1)).toEqual({
      ticketId,
      wakeAt: null,
      version: ticket?.version,
    });
    // The phone's timeline shows the escalation struck through, with the reason.
    const phone = (await sync(s, k.engineer.auth)).json.tickets.find(
      (x: { id: string }) => x.id === ticketId,
    );
    expect(phone.timeline.find((e: { type: string }) => e.type === 'escalated').void).toEqual({
      reason: 'resolvedBeforeDeadline',
    });
    expect(phone.faultLevel).toBe(3);
    // And the decide step, run again, records nothing new.
    await s.decide.createDecide({ clock: () => new Date(t0 + 51 * H) })({ ticketId });
    expect((await storedEvents(s, ticketId)).length).toBe(events.length);
  });
});
