import { describe, expect, it } from 'vitest';
import { type ClockResult, computeClocks, SlaInputError } from './engine.ts';
import type { TicketEvent } from './events.ts';
import { type FaultLevel, presetPolicy, type ServiceLevel, selectPolicyVersion } from './policy.ts';
import { HOUR_MS, toEpochMs, toIsoUtc } from './time.ts';

// 2026-03-09 is a Monday, 2026-03-11 a Wednesday, 2026-03-13 a Friday; no holidays that month.
const CST = '+08:00';
const t = (local: string) => toIsoUtc(toEpochMs(`${local}${CST}`));

function clocks(level: ServiceLevel, events: TicketEvent[], until: string, timeZone?: string): ClockResult {
  return computeClocks({
    policy: presetPolicy(level, timeZone ? { timeZone } : {}),
    events,
    until: until.endsWith('Z') || /[+-]\d\d:\d\d$/.test(until) ? until : `${until}${CST}`,
  });
}
const reported = (local: string, faultLevel: FaultLevel): TicketEvent => ({
  type: 'reported',
  at: `${local}${CST}`,
  faultLevel,
});
const ev = (
  type: 'checkedIn' | 'resolved' | 'customerConfirmed' | 'departed' | 'reportSubmitted',
  local: string,
) => ({ type, at: `${local}${CST}` }) as TicketEvent;

describe('the worked escalation example', () => {
  it('A, level 3, accepted Wednesday 10:00, never resolved: Fri 10:00 → L2 T2, Sat 10:00 → L1 T3, then every 2 h', () => {
    const r = clocks('A', [reported('2026-03-11T10:00:00', 3)], '2026-03-14T15:00:00');
    expect(r.escalations.map((e) => [e.at, e.fromLevel, e.toLevel, e.tier])).toEqual([
      [t('2026-03-13T10:00:00'), 3, 2, 2],
      [t('2026-03-14T10:00:00'), 2, 1, 3],
      [t('2026-03-14T12:00:00'), 1, 1, 3],
      [t('2026-03-14T14:00:00'), 1, 1, 3],
    ]);
    expect(r.escalations[0]?.missedTarget).toMatchObject({
      level: 3,
      targetMinutes: 48 * 60,
      dueAt: t('2026-03-13T10:00:00'),
    });
    expect(r.escalations[1]?.missedTarget).toMatchObject({ level: 2, startAt: t('2026-03-13T10:00:00') });
    expect(r.resolution).toMatchObject({
      level: 1,
      tier: 3,
      dueAt: t('2026-03-14T16:00:00'),
      outcome: 'missed',
    });
    expect(r.nextWakeAt).toBe(t('2026-03-14T16:00:00'));
  });

  it('notifies every tier up to the escalation tier', () => {
    const r = clocks('A', [reported('2026-03-11T10:00:00', 3)], '2026-03-14T10:00:00');
    expect(r.escalations.map((e) => e.recipients)).toEqual([
      ['dispatcherOnDuty', 'projectManager'],
      ['dispatcherOnDuty', 'projectManager', 'serviceSupervisor'],
    ]);
  });
});

describe('resolution targets (service time from acceptance)', () => {
  const cases: [ServiceLevel, FaultLevel, string][] = [
    ['A', 1, '2026-03-09T11:00:00'],
    ['A', 2, '2026-03-10T09:00:00'],
    ['A', 3, '2026-03-11T09:00:00'],
    ['B', 1, '2026-03-09T13:00:00'],
    ['B', 2, '2026-03-11T17:00:00'],
    ['B', 3, '2026-03-14T17:00:00'],
    ['C', 1, '2026-03-09T17:00:00'],
    ['C', 2, '2026-03-19T17:00:00'],
    ['C', 3, '2026-03-19T17:00:00'],
  ];
  for (const [service, fault, due] of cases) {
    it(`${service} level ${fault}, accepted Monday 09:00, is due ${due}`, () => {
      const r = clocks(service, [reported('2026-03-09T09:00:00', fault)], '2026-03-09T09:00:00');
      expect(r.resolution.dueAt).toBe(t(due));
      expect(r.resolution.segments[0]?.explain.zh).toContain('解决时限');
    });
  }
});

describe('acceptance (受理)', () => {
  it('accepts a C fault reported Friday 17:00 on Monday 09:00', () => {
    const r = clocks('C', [reported('2026-03-13T17:00:00', 2)], '2026-03-13T17:00:00');
    expect(r.acceptedAt).toBe(t('2026-03-16T09:00:00'));
    expect(r.acceptance.deferred).toBe(true);
    expect(r.acceptance.explain.zh).toContain('周末');
  });

  it('accepts at once inside open hours, and always on A', () => {
    expect(clocks('C', [reported('2026-03-13T09:00:00', 2)], '2026-03-13T10:00:00').acceptedAt).toBe(
      t('2026-03-13T09:00:00'),
    );
    expect(clocks('A', [reported('2026-10-01T03:00:00', 2)], '2026-10-01T03:00:00').acceptedAt).toBe(
      t('2026-10-01T03:00:00'),
    );
  });

  it('accepts a B fault reported at night the next morning, weekend included', () => {
    expect(clocks('B', [reported('2026-03-14T20:00:00', 2)], '2026-03-14T20:00:00').acceptedAt).toBe(
      t('2026-03-15T09:00:00'),
    );
  });

  it('needs a reported event', () => {
    expect(() =>
      computeClocks({ policy: presetPolicy('A'), events: [], until: '2026-03-14T10:00:00Z' }),
    ).toThrow(SlaInputError);
  });
});

describe('arrival (到场)', () => {
  it('is due 2 h (A) and 4 h (B) of service time after acceptance', () => {
    expect(clocks('A', [reported('2026-03-13T23:00:00', 2)], '2026-03-13T23:00:00').arrival.dueAt).toBe(
      t('2026-03-14T01:00:00'),
    );
    expect(clocks('B', [reported('2026-03-13T16:00:00', 2)], '2026-03-13T16:00:00').arrival.dueAt).toBe(
      t('2026-03-14T12:00:00'),
    );
  });

  it('on C is due by the close of the first working day after the acceptance date (Friday 16:00 → Monday 17:00)', () => {
    const r = clocks('C', [reported('2026-03-13T16:00:00', 2)], '2026-03-13T16:00:00');
    expect(r.arrival.dueAt).toBe(t('2026-03-16T17:00:00'));
  });

  it('is met by check-in, or late by how much', () => {
    const met = clocks(
      'A',
      [reported('2026-03-09T10:00:00', 2), ev('checkedIn', '2026-03-09T11:30:00')],
      '2026-03-09T13:00:00',
    );
    expect(met.arrival).toMatchObject({ status: 'met', lateByMs: null });
    const late = clocks(
      'A',
      [reported('2026-03-09T10:00:00', 2), ev('checkedIn', '2026-03-09T12:20:00')],
      '2026-03-09T13:00:00',
    );
    expect(late.arrival).toMatchObject({ status: 'late', lateByMs: 20 * 60_000 });
  });

  it('sends one alert to tier 2 when missed and leaves the fault level alone', () => {
    const r = clocks('A', [reported('2026-03-09T10:00:00', 2)], '2026-03-09T13:00:00');
    const missed = r.alerts.filter((a) => a.kind === 'arrivalMissed');
    expect(missed).toEqual([expect.objectContaining({ at: t('2026-03-09T12:00:00'), tier: 2 })]);
    expect(r.escalations).toEqual([]);
    expect(r.resolution.level).toBe(2);
  });

  it('never pauses', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 2),
        { type: 'paused', at: `2026-03-09T10:30:00${CST}`, reason: 'no site access' },
      ],
      '2026-03-09T13:00:00',
    );
    expect(r.arrival.dueAt).toBe(t('2026-03-09T12:00:00'));
    expect(r.resolution.status).toBe('paused');
    expect(r.resolution.dueAt).toBeNull();
  });
});

describe('pauses', () => {
  it('stop the resolution clock for their length, in service time', () => {
    const r = clocks(
      'C',
      [
        reported('2026-03-09T09:00:00', 1),
        { type: 'paused', at: `2026-03-09T10:00:00${CST}`, reason: 'waiting for customer parts' },
        { type: 'resumed', at: `2026-03-10T10:00:00${CST}` },
      ],
      '2026-03-10T10:00:00',
    );
    // 1 h before the pause; the pause covers the rest of Monday and Tuesday 09:00–10:00.
    expect(r.resolution.dueAt).toBe(t('2026-03-10T17:00:00'));
    expect(r.resolution.segments[0]?.explain.zh).toContain('暂停 1 次');
  });
});

describe('warnings at 75 %', () => {
  it('warns tier 1 once at 75 % of the target, counted in service time', () => {
    const r = clocks('C', [reported('2026-03-09T09:00:00', 1)], '2026-03-09T16:00:00');
    const warnings = r.alerts.filter((a) => a.kind === 'resolutionWarning');
    expect(warnings).toEqual([expect.objectContaining({ at: t('2026-03-09T15:00:00'), tier: 1, level: 1 })]);
    // Arrival: 16 h of service time to Tuesday 17:00, so 75 % is Tuesday 13:00.
    expect(r.arrival.warningAt).toBe(t('2026-03-10T13:00:00'));
  });

  it('warns once per level, not again when level 1 repeats', () => {
    const r = clocks('A', [reported('2026-03-11T10:00:00', 3)], '2026-03-14T15:00:00');
    const levels = r.alerts.filter((a) => a.kind === 'resolutionWarning').map((a) => a.level);
    expect(levels).toEqual([3, 2, 1]);
  });
});

describe('triage (the desk changes the fault level)', () => {
  it('recomputes the new level from acceptance', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 3),
        {
          type: 'levelChanged',
          at: `2026-03-09T11:00:00${CST}`,
          faultLevel: 1,
          reason: 'whole ward offline',
        },
      ],
      '2026-03-09T11:00:00',
    );
    expect(r.resolution).toMatchObject({ level: 1, tier: 1, dueAt: t('2026-03-09T12:00:00') });
    expect(r.escalations).toEqual([]);
  });

  it('escalates once at the change when the recomputed deadline has passed', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 3),
        { type: 'levelChanged', at: `2026-03-09T13:00:00${CST}`, faultLevel: 1, reason: 'data loss found' },
      ],
      '2026-03-09T13:00:00',
    );
    expect(r.escalations.map((e) => [e.at, e.fromLevel, e.toLevel, e.tier, e.cause])).toEqual([
      [t('2026-03-09T13:00:00'), 1, 1, 2, 'triage'],
    ]);
    expect(r.escalations[0]?.missedTarget.dueAt).toBe(t('2026-03-09T12:00:00'));
    expect(r.resolution.dueAt).toBe(t('2026-03-09T15:00:00'));
  });

  it('steps only one level at the change when level 2 is found overdue', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 3),
        { type: 'levelChanged', at: `2026-03-10T12:00:00${CST}`, faultLevel: 2, reason: 'capacity lost' },
      ],
      '2026-03-10T12:00:00',
    );
    expect(r.escalations.map((e) => [e.fromLevel, e.toLevel, e.tier])).toEqual([[2, 1, 2]]);
    expect(r.resolution.dueAt).toBe(t('2026-03-10T14:00:00'));
  });

  it('carries paused time over to the new level', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 3),
        { type: 'paused', at: `2026-03-09T10:30:00${CST}`, reason: 'no access' },
        { type: 'resumed', at: `2026-03-09T11:30:00${CST}` },
        { type: 'levelChanged', at: `2026-03-09T11:45:00${CST}`, faultLevel: 1, reason: 'outage' },
      ],
      '2026-03-09T11:45:00',
    );
    expect(r.resolution.dueAt).toBe(t('2026-03-09T13:00:00'));
  });

  it('confirming the proposed level changes nothing', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 2),
        { type: 'levelConfirmed', at: `2026-03-09T10:10:00${CST}`, faultLevel: 2 },
      ],
      '2026-03-09T10:10:00',
    );
    expect(r.resolution.segments).toHaveLength(1);
    expect(r.resolution.dueAt).toBe(t('2026-03-10T10:00:00'));
  });
});

describe('resolution', () => {
  it('is met when resolved before the deadline, and stops every resolution alarm', () => {
    const r = clocks(
      'A',
      [reported('2026-03-11T10:00:00', 1), ev('resolved', '2026-03-11T11:59:00')],
      '2026-03-12T10:00:00',
    );
    expect(r.resolution).toMatchObject({ status: 'resolved', outcome: 'met', dueAt: null });
    expect(r.escalations).toEqual([]);
  });

  it('at the deadline instant counts as met', () => {
    const r = clocks(
      'A',
      [reported('2026-03-11T10:00:00', 1), ev('resolved', '2026-03-11T12:00:00')],
      '2026-03-12T10:00:00',
    );
    expect(r.resolution.outcome).toBe('met');
  });
});

describe('service report (现场服务文档) and confirmation', () => {
  const visit = [
    reported('2026-03-09T10:00:00', 2),
    ev('checkedIn', '2026-03-09T11:00:00'),
    ev('resolved', '2026-03-09T12:00:00'),
    ev('customerConfirmed', '2026-03-09T12:10:00'),
    { type: 'checkedOut', at: `2026-03-09T12:30:00${CST}` } as TicketEvent,
  ];

  it('is due 5 × 24 h after check-out, with a warning after 4 days', () => {
    const r = clocks('C', visit, '2026-03-09T13:00:00');
    expect(r.reports).toEqual([
      expect.objectContaining({
        dueAt: t('2026-03-14T12:30:00'),
        warningAt: t('2026-03-13T12:30:00'),
        status: 'pending',
      }),
    ]);
    expect(r.nextWakeAt).toBe(t('2026-03-13T12:30:00'));
    expect(r.reports[0]?.explain.zh).toContain('离场');
  });

  it('is missed with an alert to tier 2, or met when submitted in time', () => {
    const missed = clocks('C', visit, '2026-03-15T00:00:00');
    expect(missed.reports[0]?.status).toBe('missed');
    expect(missed.alerts.filter((a) => a.kind.startsWith('report')).map((a) => [a.kind, a.tier])).toEqual([
      ['reportWarning', 1],
      ['reportMissed', 2],
    ]);
    const met = clocks('C', [...visit, ev('reportSubmitted', '2026-03-12T09:00:00')], '2026-03-15T00:00:00');
    expect(met.reports[0]?.status).toBe('submitted');
    expect(met.alerts.filter((a) => a.kind.startsWith('report'))).toEqual([]);
  });

  it('flags a check-out without the customer’s confirmation', () => {
    const r = clocks(
      'C',
      [
        reported('2026-03-09T10:00:00', 2),
        ev('checkedIn', '2026-03-09T11:00:00'),
        { type: 'checkedOut', at: `2026-03-09T12:30:00${CST}`, reason: 'customer contact left early' },
      ],
      '2026-03-09T13:00:00',
    );
    expect(r.flags).toEqual([
      {
        kind: 'checkedOutWithoutConfirmation',
        at: t('2026-03-09T12:30:00'),
        reason: 'customer contact left early',
      },
    ]);
    expect(r.anomalies.map((a) => a.code)).not.toContain('checkOutWithoutReason');
  });
});

describe('offline events and time', () => {
  it('corrects a phone clock measured more than 2 minutes off, and marks it', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 2),
        {
          type: 'checkedIn',
          at: `2026-03-09T11:40:00${CST}`,
          clockOffsetMs: 10 * 60_000,
          receivedAt: `2026-03-09T12:00:00${CST}`,
        },
      ],
      '2026-03-09T13:00:00',
    );
    expect(r.arrival.checkedInAt).toBe(t('2026-03-09T11:30:00'));
    expect(r.timeline[1]?.corrections).toEqual(['clockOffset']);
    expect(r.timeline[1]?.recordedAt).toBe(t('2026-03-09T11:40:00'));
  });

  it('leaves a phone clock within 2 minutes alone', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 2),
        { type: 'checkedIn', at: `2026-03-09T11:40:00${CST}`, clockOffsetMs: 119_000 },
      ],
      '2026-03-09T13:00:00',
    );
    expect(r.arrival.checkedInAt).toBe(t('2026-03-09T11:40:00'));
    expect(r.timeline[1]?.corrections).toEqual([]);
  });

  it('never uses a time later than the receipt, nor before acceptance', () => {
    const r = clocks(
      'C',
      [
        reported('2026-03-13T18:00:00', 2),
        { type: 'checkedIn', at: `2026-03-16T08:00:00${CST}` },
        { type: 'resolved', at: `2026-03-16T15:00:00${CST}`, receivedAt: `2026-03-16T14:00:00${CST}` },
      ],
      '2026-03-16T16:00:00',
    );
    expect(r.arrival.checkedInAt).toBe(t('2026-03-16T09:00:00'));
    expect(r.timeline[1]?.corrections).toEqual(['clampedToAcceptance']);
    expect(r.resolution.resolvedAt).toBe(t('2026-03-16T14:00:00'));
    expect(r.timeline[2]?.corrections).toEqual(['clampedToReceipt']);
  });

  it('keeps an escalation fired before a late resolution arrived, marked void, and counts the fault as met', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 1),
        ev('checkedIn', '2026-03-09T10:40:00'),
        { type: 'resolved', at: `2026-03-09T11:50:00${CST}`, receivedAt: `2026-03-09T15:10:00${CST}` },
      ],
      '2026-03-09T16:00:00',
    );
    expect(r.escalations.map((e) => [e.at, e.tier, e.void, e.voidReason])).toEqual([
      [t('2026-03-09T12:00:00'), 2, true, 'resolvedBeforeDeadline'],
      [t('2026-03-09T14:00:00'), 3, true, 'resolvedBeforeDeadline'],
    ]);
    expect(r.resolution).toMatchObject({ outcome: 'met', status: 'resolved', level: 1, tier: 1 });
  });

  it('keeps an escalation that really happened when the late resolution came after it', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 1),
        { type: 'resolved', at: `2026-03-09T12:30:00${CST}`, receivedAt: `2026-03-09T15:00:00${CST}` },
      ],
      '2026-03-09T16:00:00',
    );
    expect(r.escalations.map((e) => [e.at, e.void])).toEqual([
      [t('2026-03-09T12:00:00'), false],
      [t('2026-03-09T14:00:00'), true],
    ]);
    expect(r.resolution.outcome).toBe('missed');
  });
});

describe('the next timer wake-up', () => {
  it('is the earliest pending instant after until', () => {
    const r = clocks('C', [reported('2026-03-09T09:00:00', 1)], '2026-03-09T09:00:00');
    expect(r.nextWakeAt).toBe(t('2026-03-09T15:00:00'));
  });

  it('is null once everything is settled', () => {
    const r = clocks(
      'A',
      [
        reported('2026-03-09T10:00:00', 1),
        ev('checkedIn', '2026-03-09T10:30:00'),
        ev('resolved', '2026-03-09T11:00:00'),
        ev('customerConfirmed', '2026-03-09T11:05:00'),
        { type: 'checkedOut', at: `2026-03-09T11:10:00${CST}` },
        ev('reportSubmitted', '2026-03-10T09:00:00'),
      ],
      '2026-03-10T10:00:00',
    );
    expect(r.nextWakeAt).toBeNull();
  });
});

describe('explanations', () => {
  it('name the calendar, the acceptance, the National Day week and the make-up day, in both languages', () => {
    const r = clocks('C', [reported('2026-09-30T16:30:00', 2)], '2026-09-30T16:30:00');
    const explain = r.resolution.segments[0]?.explain;
    expect(r.resolution.dueAt).toBe(t('2026-10-19T16:30:00'));
    expect(explain?.zh).toContain('5×8');
    expect(explain?.zh).toContain('2026-09-30 周三 16:30 受理');
    expect(explain?.zh).toContain('国庆节 10-01 至 10-07 不计');
    expect(explain?.zh).toContain('10-10 调休上班');
    expect(explain?.en).toContain('National Day 10-01 to 10-07 not counted');
    expect(explain?.facts.makeUpWorkdays).toEqual(['2026-10-10']);
    expect(r.arrival.explain.zh).toContain('截止 2026-10-08 周四 17:00');
  });

  it('say when a year’s holiday schedule is not published yet', () => {
    const r = clocks('C', [reported('2027-09-30T16:30:00', 2)], '2027-09-30T16:30:00');
    expect(r.anomalies.map((a) => a.code)).toContain('holidayDataMissing');
    expect(r.resolution.segments[0]?.explain.zh).toContain('2027 年节假日安排尚未发布');
  });

  it('mention a daylight saving change', () => {
    const r = clocks(
      'A',
      [{ type: 'reported', at: '2026-03-08T01:00:00-05:00', faultLevel: 1 }],
      '2026-03-08T01:00:00-05:00',
      'America/New_York',
    );
    expect(r.resolution.dueAt).toBe('2026-03-08T08:00:00Z');
    expect(r.resolution.segments[0]?.explain.en).toContain('clock change');
  });
});

describe('policy versions', () => {
  it('picks the version in force at an instant', () => {
    const v1 = presetPolicy('B', { policyId: 'c-1', version: 1, effectiveFrom: '2026-01-01T00:00:00Z' });
    const v2 = {
      ...presetPolicy('B', { policyId: 'c-1', version: 2, effectiveFrom: '2026-06-01T00:00:00Z' }),
    };
    expect(selectPolicyVersion([v1, v2], '2026-05-31T23:59:59Z').version).toBe(1);
    expect(selectPolicyVersion([v1, v2], '2026-06-01T00:00:00Z').version).toBe(2);
    expect(() => selectPolicyVersion([v1, v2], '2025-12-31T00:00:00Z')).toThrow();
  });

  it('keeps the numbers as data: a contract may change its targets', () => {
    const policy = { ...presetPolicy('A'), resolutionMinutes: { 1: 60, 2: 600, 3: 1200 } };
    const r = computeClocks({
      policy,
      events: [reported('2026-03-09T10:00:00', 1)],
      until: '2026-03-09T02:00:00Z',
    });
    expect(toEpochMs(r.resolution.dueAt ?? '') - toEpochMs(r.acceptedAt)).toBe(HOUR_MS);
  });
});
