import { describe, expect, it } from 'vitest';
import { formatCountdown, formatInstant, urgencyOf, zoneLabel } from './time';

const NOW = Date.parse('2026-05-03T00:00:00Z');

describe('formatInstant', () => {
  it('shows the instant on the wall clock of the contract’s zone, not the machine’s', () => {
    const text = formatInstant('2026-05-03T06:30:00Z', 'Asia/Shanghai', 'zh-CN', NOW);

    expect(text).toContain('14:30');
    expect(text).toContain('5月3日');
    expect(text).toContain('(GMT+8)');
  });

  it('follows daylight saving in zones that have it', () => {
    const summer = formatInstant('2026-07-01T12:00:00Z', 'Europe/Berlin', 'en', NOW);
    const winter = formatInstant('2026-01-15T12:00:00Z', 'Europe/Berlin', 'en', NOW);

    expect(summer).toContain('14:00');
    expect(summer).toContain('GMT+2');
    expect(winter).toContain('13:00');
    expect(winter).toContain('GMT+1');
  });

  it('shows the year only when it is not this year in that zone', () => {
    const thisYear = formatInstant('2026-12-31T15:00:00Z', 'Asia/Shanghai', 'en', NOW, { zone: false });
    const nextYear = formatInstant('2026-12-31T16:30:00Z', 'Asia/Shanghai', 'en', NOW, { zone: false });

    expect(thisYear).not.toContain('2026');
    expect(nextYear).toContain('2027');
    expect(nextYear).toContain('00:30');
  });

  it('shows an unreadable instant as it came instead of "Invalid Date"', () => {
    expect(formatInstant('soon', 'Asia/Shanghai', 'en', NOW)).toBe('soon');
  });
});

describe('zoneLabel', () => {
  it('names the offset the same way in both languages', () => {
    expect(zoneLabel('Asia/Shanghai', new Date(NOW))).toBe('GMT+8');
  });
});

describe('formatCountdown', () => {
  it('shows hours, minutes and seconds under a day', () => {
    expect(formatCountdown((4 * 3600 + 5 * 60 + 9) * 1000, 'en')).toBe('4:05:09');
    expect(formatCountdown(59 * 60_000 + 59_000, 'zh-CN')).toBe('0:59:59');
  });

  it('rounds seconds up, so zero shows only when the deadline has come', () => {
    expect(formatCountdown(1, 'en')).toBe('0:00:01');
    expect(formatCountdown(0, 'en')).toBe('0:00:00');
  });

  it('counts days in the reader’s language past a day', () => {
    const ms = (2 * 86_400 + 3 * 3600 + 5 * 60 + 9) * 1000;

    expect(formatCountdown(ms, 'zh-CN')).toBe('2天 03:05:09');
    expect(formatCountdown(ms, 'en')).toBe('2d 03:05:09');
  });

  it('gives the time since for an overdue deadline, without a sign', () => {
    expect(formatCountdown(-90_000, 'en')).toBe('0:01:30');
  });
});

describe('urgencyOf', () => {
  it('is overdue at and after the deadline, soon within the hour, ok before', () => {
    expect(urgencyOf('2026-05-03T00:00:00Z', NOW)).toBe('overdue');
    expect(urgencyOf('2026-05-03T00:59:00Z', NOW)).toBe('soon');
    expect(urgencyOf('2026-05-03T02:00:00Z', NOW)).toBe('ok');
    expect(urgencyOf(null, NOW)).toBeNull();
  });
});
