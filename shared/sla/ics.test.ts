import { describe, expect, it } from 'vitest';
import { ServiceCalendar } from './calendar.ts';
import fixture from './fixtures/site-closures.ics?raw';
import { parseIcsClosures } from './ics.ts';
import { presetCalendar } from './policy.ts';
import { HOUR_MS, toEpochMs } from './time.ts';

describe('closures from iCalendar', () => {
  it('reads all-day spans with an exclusive DTEND, single days, and timed events', () => {
    const { closures } = parseIcsClosures(fixture, 'Asia/Shanghai');
    expect(closures).toEqual([
      { kind: 'days', from: '2026-10-12', to: '2026-10-14', reason: 'Data centre shutdown, annual' },
      { kind: 'days', from: '2026-11-20', to: '2026-11-20', reason: 'Founding day' },
      {
        kind: 'period',
        start: '2026-11-03T06:00:00Z',
        end: '2026-11-03T08:00:00Z',
        reason: 'Fire drill – site closed to visitors',
      },
      { kind: 'period', start: '2026-11-04T01:00:00Z', end: '2026-11-04T02:00:00Z', reason: 'Power work' },
      {
        kind: 'period',
        start: '2026-11-05T01:00:00Z',
        end: '2026-11-05T02:00:00Z',
        reason: 'Floating meeting',
      },
    ]);
  });

  it('skips recurring and cancelled events and says so', () => {
    const { skipped } = parseIcsClosures(fixture, 'Asia/Shanghai');
    expect(skipped.map((s) => [s.uid, s.reason])).toEqual([
      ['weekly@example.org', 'recurring'],
      ['cancelled@example.org', 'cancelled'],
    ]);
  });

  it('reads floating times in the contract zone', () => {
    const { closures } = parseIcsClosures(fixture, 'Europe/London');
    expect(closures[4]).toMatchObject({ start: '2026-11-05T09:00:00Z', end: '2026-11-05T10:00:00Z' });
  });

  it('closes the calendar on the imported days and hours', () => {
    const { closures } = parseIcsClosures(fixture, 'Asia/Shanghai');
    const calendar = new ServiceCalendar(presetCalendar('C', { closures }));
    expect(calendar.isOpen(toEpochMs('2026-10-13T10:00:00+08:00'))).toBe(false);
    expect(calendar.isOpen(toEpochMs('2026-10-15T10:00:00+08:00'))).toBe(true);
    const day = calendar.dayOf(toEpochMs('2026-11-03T12:00:00+08:00'));
    expect(calendar.serviceTime(day.startMs, day.endMs)).toBe(6 * HOUR_MS);
  });

  it('skips an all-day event that ends before it starts, and bad dates', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART;VALUE=DATE:20261010',
      'DTEND;VALUE=DATE:20261010',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b',
      'DTSTART;VALUE=DATE:20261332',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcsClosures(text, 'Asia/Shanghai').skipped.map((s) => s.reason)).toEqual([
      'endBeforeStart',
      'badDate',
    ]);
  });
});
