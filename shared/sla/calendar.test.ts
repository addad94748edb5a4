import { describe, expect, it } from 'vitest';
import { type CalendarSpec, compileCalendar, ServiceCalendar } from './calendar.ts';
import { presetCalendar } from './policy.ts';
import { HOUR_MS, MINUTE_MS, toEpochMs, toIsoInZone } from './time.ts';

const at = toEpochMs;
const c = (zone = 'Asia/Shanghai') => new ServiceCalendar(presetCalendar('C', { timeZone: zone }));
const b = (zone = 'Asia/Shanghai') => new ServiceCalendar(presetCalendar('B', { timeZone: zone }));
const a = (zone = 'Asia/Shanghai') => new ServiceCalendar(presetCalendar('A', { timeZone: zone }));

function withHours(zone: string, from: string, to: string): ServiceCalendar {
  const hours = [{ from, to }];
  const spec: CalendarSpec = {
    ...presetCalendar('B', { timeZone: zone, publicHolidays: { source: 'none' } }),
    label: `${from}–${to}`,
    weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
    holidayHours: hours,
    makeUpWorkdayHours: hours,
  };
  return new ServiceCalendar(spec);
}

describe('adding service time', () => {
  it('ends 8 h added at Monday 09:00 on a C calendar at Monday 17:00, not Tuesday 09:00', () => {
    const due = c().addServiceTime(at('2026-03-16T09:00:00+08:00'), 8 * HOUR_MS);
    expect(due).toBe(at('2026-03-16T17:00:00+08:00'));
  });

  it('skips nights and the weekend on C', () => {
    const due = c().addServiceTime(at('2026-03-13T16:00:00+08:00'), 2 * HOUR_MS);
    expect(due).toBe(at('2026-03-16T10:00:00+08:00'));
  });

  it('counts weekends and public holidays on B, but not nights', () => {
    const due = b().addServiceTime(at('2026-10-01T16:00:00+08:00'), 4 * HOUR_MS);
    expect(due).toBe(at('2026-10-02T12:00:00+08:00'));
  });

  it('skips the National Day week on C and counts the make-up Saturday 10-10', () => {
    const due = c().addServiceTime(at('2026-09-30T16:00:00+08:00'), 25 * HOUR_MS);
    // 1 h on 09-30, then 10-08, 10-09 and the make-up Saturday 10-10 (8 h each).
    expect(due).toBe(at('2026-10-10T17:00:00+08:00'));
  });

  it('counts the make-up Sunday 09-20 on C', () => {
    expect(c().isOpen(at('2026-09-20T10:00:00+08:00'))).toBe(true);
    expect(c().isOpen(at('2026-09-19T10:00:00+08:00'))).toBe(false);
  });

  it('adds nothing when the duration is zero, even outside open hours', () => {
    expect(c().addServiceTime(at('2026-03-14T03:00:00+08:00'), 0)).toBe(at('2026-03-14T03:00:00+08:00'));
  });

  it('does not count pauses', () => {
    const pauses = [at('2026-03-16T10:00:00+08:00'), at('2026-03-16T11:30:00+08:00')];
    const due = c().addServiceTime(at('2026-03-16T09:00:00+08:00'), 8 * HOUR_MS, pauses);
    expect(due).toBe(at('2026-03-17T10:30:00+08:00'));
  });

  it('returns Infinity when an open-ended pause stops the clock first', () => {
    const pauses = [at('2026-03-16T10:00:00+08:00'), Number.POSITIVE_INFINITY];
    expect(c().addServiceTime(at('2026-03-16T09:00:00+08:00'), 8 * HOUR_MS, pauses)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(c().addServiceTime(at('2026-03-16T09:00:00+08:00'), HOUR_MS, pauses)).toBe(
      at('2026-03-16T10:00:00+08:00'),
    );
  });
});

describe('open hours are half-open', () => {
  it('is open at 09:00 and closed at 17:00', () => {
    expect(c().isOpen(at('2026-03-16T09:00:00+08:00'))).toBe(true);
    expect(c().isOpen(at('2026-03-16T16:59:59.999+08:00'))).toBe(true);
    expect(c().isOpen(at('2026-03-16T17:00:00+08:00'))).toBe(false);
  });

  it('opens next on Monday 09:00 for a C fault reported Friday 17:00', () => {
    expect(c().nextOpening(at('2026-03-13T17:00:00+08:00'))).toBe(at('2026-03-16T09:00:00+08:00'));
  });

  it('opens at once inside open hours', () => {
    expect(c().nextOpening(at('2026-03-13T16:59:00+08:00'))).toBe(at('2026-03-13T16:59:00+08:00'));
  });

  it('is always open on A', () => {
    expect(a().nextOpening(at('2026-10-01T03:00:00+08:00'))).toBe(at('2026-10-01T03:00:00+08:00'));
  });
});

describe('close of the next working day (C arrival)', () => {
  it('is Monday 17:00 for Friday 16:00', () => {
    expect(c().closeOfNextWorkingDay(at('2026-03-13T16:00:00+08:00'))).toBe(at('2026-03-16T17:00:00+08:00'));
  });

  it('skips the National Day week to 10-08', () => {
    expect(c().closeOfNextWorkingDay(at('2026-09-30T10:00:00+08:00'))).toBe(at('2026-10-08T17:00:00+08:00'));
  });

  it('lands on a make-up working day', () => {
    expect(c().closeOfNextWorkingDay(at('2026-10-09T10:00:00+08:00'))).toBe(at('2026-10-10T17:00:00+08:00'));
  });

  it('skips a working day closed by the contract', () => {
    const spec = presetCalendar('C', {
      closures: [{ kind: 'days', from: '2026-03-16', to: '2026-03-16', reason: 'audit' }],
    });
    const cal = new ServiceCalendar(spec);
    expect(cal.closeOfNextWorkingDay(at('2026-03-13T16:00:00+08:00'))).toBe(at('2026-03-17T17:00:00+08:00'));
  });
});

describe('service time between two instants', () => {
  it('is the overlap with open hours', () => {
    expect(c().serviceTime(at('2026-03-13T16:00:00+08:00'), at('2026-03-16T10:00:00+08:00'))).toBe(
      2 * HOUR_MS,
    );
  });

  it('is zero backwards', () => {
    expect(c().serviceTime(at('2026-03-16T10:00:00+08:00'), at('2026-03-13T16:00:00+08:00'))).toBe(0);
  });
});

describe('contract closures', () => {
  it('closes whole days and timed periods', () => {
    const spec = presetCalendar('B', {
      closures: [
        { kind: 'days', from: '2026-03-14', to: '2026-03-15', reason: 'site shut' },
        {
          kind: 'period',
          start: '2026-03-16T12:00:00+08:00',
          end: '2026-03-16T13:00:00+08:00',
          reason: 'drill',
        },
      ],
    });
    const cal = new ServiceCalendar(spec);
    expect(cal.isOpen(at('2026-03-14T10:00:00+08:00'))).toBe(false);
    expect(cal.dayOf(at('2026-03-14T10:00:00+08:00')).kind).toBe('closure');
    expect(cal.serviceTime(at('2026-03-16T00:00:00+08:00'), at('2026-03-17T00:00:00+08:00'))).toBe(
      7 * HOUR_MS,
    );
  });
});

describe('daylight saving', () => {
  it('counts real time across the New York spring-forward gap on A', () => {
    const due = a('America/New_York').addServiceTime(at('2026-03-08T01:30:00-05:00'), 2 * HOUR_MS);
    expect(toIsoInZone(due, 'America/New_York')).toBe('2026-03-08T04:30:00-04:00');
  });

  it('has a 23 h day in spring and a 25 h day in autumn on A', () => {
    const cal = a('America/New_York');
    expect(cal.serviceTime(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(
      23 * HOUR_MS,
    );
    expect(cal.serviceTime(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(
      25 * HOUR_MS,
    );
    const sydney = a('Australia/Sydney');
    expect(sydney.serviceTime(at('2026-04-05T00:00:00+11:00'), at('2026-04-06T00:00:00+10:00'))).toBe(
      25 * HOUR_MS,
    );
  });

  it('counts a 01:00–04:00 window across the gap as 2 h of real time', () => {
    const cal = withHours('America/New_York', '01:00', '04:00');
    const day = cal.dayOf(at('2026-03-08T12:00:00-04:00'));
    expect(day.offsetChanges).toBe(true);
    expect(cal.serviceTime(day.startMs, day.endMs)).toBe(2 * HOUR_MS);
    expect(toIsoInZone(cal.addServiceTime(day.startMs, 90 * MINUTE_MS), 'America/New_York')).toBe(
      '2026-03-08T03:30:00-04:00',
    );
  });

  it('opens a window whose start falls in the gap at the first instant after it', () => {
    const cal = withHours('America/New_York', '02:30', '05:00');
    expect(toIsoInZone(cal.nextOpening(at('2026-03-08T00:00:00-05:00')), 'America/New_York')).toBe(
      '2026-03-08T03:00:00-04:00',
    );
  });

  it('counts the repeated hour twice in the fall-back overlap', () => {
    const cal = withHours('America/New_York', '00:00', '01:30');
    const day = cal.dayOf(at('2026-11-01T12:00:00-05:00'));
    // 00:00–01:30 EDT, then 01:00–01:30 EST again.
    expect(cal.serviceTime(day.startMs, day.endMs)).toBe(2 * HOUR_MS);
    expect(cal.isOpen(at('2026-11-01T01:15:00-05:00'))).toBe(true);
    expect(cal.isOpen(at('2026-11-01T01:45:00-04:00'))).toBe(false);
  });

  it('keeps 09:00–17:00 at 8 h on the London and Sydney change days', () => {
    const london = b('Europe/London');
    expect(london.serviceTime(at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00+01:00'))).toBe(8 * HOUR_MS);
    expect(london.addServiceTime(at('2026-10-25T09:00:00Z'), 8 * HOUR_MS)).toBe(at('2026-10-25T17:00:00Z'));
    const sydney = b('Australia/Sydney');
    expect(sydney.addServiceTime(at('2026-10-04T09:00:00+11:00'), 8 * HOUR_MS)).toBe(
      at('2026-10-04T17:00:00+11:00'),
    );
  });
});

describe('compiled calendars', () => {
  it('are shared for the same spec', () => {
    expect(compileCalendar(presetCalendar('C'))).toBe(compileCalendar(presetCalendar('C')));
  });
});
