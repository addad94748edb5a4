import { describe, expect, it } from 'vitest';
import { computeClocks, presetPolicy } from '../../shared/sla/index.ts';
import type { Ticket, TicketEventRecord } from '../store/tickets.ts';
import { engineEvents } from './clocks.ts';
import { escalationCount, levelRaises, voidFirings, withVoid } from './firing-views.ts';

const H = 3_600_000;
const t0 = Date.parse('2026-11-16T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const policy = presetPolicy('A', { effectiveFrom: '2026-01-01T00:00:00Z' });
const ticket = { ticketId: 't', policy } as unknown as Ticket;

let seq = 0;
function record(type: string, at: string, data: Record<string, unknown> = {}): TicketEventRecord {
  seq++;
  return {
    ticketId: 't',
    seq: String(seq).padStart(10, '0'),
    companyId: 'c',
    contractId: 'k',
    type,
    at,
    actorKind: 'system',
    actorId: 'test',
    data,
  } as TicketEventRecord;
}

/** A level-3 ticket of an A contract as the timers leave it at `until`: the firings recorded as decide does. */
function timeline(until: number): TicketEventRecord[] {
  const desk = [record('reported', iso(t0), { faultLevel: 3 }), record('assigned', iso(t0 + 5 * 60_000))];
  const result = computeClocks({ policy, events: engineEvents(desk), until: iso(until) });
  const firings = [
    ...result.escalations.map((e) =>
      record('escalated', e.at, {
        fromLevel: e.fromLevel,
        toLevel: e.toLevel,
        faultLevel: e.toLevel,
        tier: e.tier,
        missedTarget: e.missedTarget,
      }),
    ),
    ...result.alerts.map((a) =>
      record(a.kind, a.at, {
        tier: a.tier,
        ...(a.level === undefined ? {} : { level: a.level }),
        ...(a.report === undefined ? {} : { report: a.report }),
      }),
    ),
  ].sort((a, b) => (a.at < b.at ? -1 : 1));
  return [...desk, ...firings];
}

describe('the timers’ firings as the desk and the customer see them', () => {
  it('counts every recorded firing while nothing came in late', () => {
    const events = timeline(t0 + 49 * H);
    expect(events.map((e) => e.type)).toEqual([
      'reported',
      'assigned',
      'arrivalWarning',
      'arrivalMissed',
      'resolutionWarning',
      'escalated',
    ]);
    const voids = voidFirings(ticket, events, new Date(t0 + 49 * H));
    expect(voids.size).toBe(0);
    expect(escalationCount(events, voids)).toBe(1);
    expect(levelRaises(events, voids)).toEqual([{ fromLevel: 3, toLevel: 2, at: iso(t0 + 48 * H) }]);
  });

  it('marks void an escalation that a resolution recorded offline before the deadline undoes', () => {
    const events = timeline(t0 + 49 * H);
    // The engineer resolved at 47 h on a phone without signal; the server heard of it at 50 h.
    events.push(record('resolved', iso(t0 + 47 * H), { receivedAt: iso(t0 + 50 * H) }));
    const voids = voidFirings(ticket, events, new Date(t0 + 50 * H));
    const escalatedAt = events.findIndex((e) => e.type === 'escalated');
    expect(voids.get(escalatedAt)).toBe('resolvedBeforeDeadline');
    // The warnings before the resolution still count.
    expect([...voids.keys()]).toEqual([escalatedAt]);
    expect(escalationCount(events, voids)).toBe(0);
    expect(levelRaises(events, voids)).toEqual([]);
  });

  it('keeps the reason the write path stored on a firing it marked void', () => {
    const events = timeline(t0 + 49 * H);
    const escalatedAt = events.findIndex((e) => e.type === 'escalated');
    events[escalatedAt] = {
      ...events[escalatedAt],
      voidReason: 'checkedInBeforeDeadline',
    } as TicketEventRecord;
    const voids = voidFirings(ticket, events, new Date(t0 + 49 * H));
    expect(voids.get(escalatedAt)).toBe('checkedInBeforeDeadline');
    expect(withVoid({ seq: 1 }, voids.get(escalatedAt))).toEqual({
      seq: 1,
      void: { reason: 'checkedInBeforeDeadline' },
    });
    expect(withVoid({ seq: 1 }, undefined)).toEqual({ seq: 1 });
  });

  it('judges a firing at its own time, never before (a clock behind the record)', () => {
    const events = timeline(t0 + 49 * H);
    expect(voidFirings(ticket, events, new Date(t0)).size).toBe(0);
  });

  it('calls a recorded firing the engine does not know any more recomputed', () => {
    const events = timeline(t0 + 49 * H);
    events.push(record('escalated', iso(t0 + 20 * H), { fromLevel: 3, toLevel: 2, tier: 2 }));
    const voids = voidFirings(ticket, events, new Date(t0 + 49 * H));
    expect(voids.get(events.length - 1)).toBe('recomputed');
    expect(escalationCount(events, voids)).toBe(1);
  });

  it('does not show a repeat at level 1 as a raise', () => {
    // 3 → 2 at 48 h, 2 → 1 at 72 h (24 h), 1 again at 74 h (2 h).
    const events = timeline(t0 + 75 * H);
    const voids = voidFirings(ticket, events, new Date(t0 + 75 * H));
    const escalations = events.filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => `${e.data?.fromLevel}>${e.data?.toLevel}`)).toEqual(['3>2', '2>1', '1>1']);
    expect(escalationCount(events, voids)).toBe(3);
    expect(levelRaises(events, voids).map((r) => `${r.fromLevel}>${r.toLevel}`)).toEqual(['3>2', '2>1']);
  });
});
