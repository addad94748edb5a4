import { describe, expect, it } from 'vitest';
import { takes } from './actions';
import { breachClock, filtersToSearch, parseFilters, sortByBreach, withFilter } from './board';
import { deskEn } from './i18n.en';
import { deskZhCN } from './i18n.zh-CN';

describe('parseFilters', () => {
  it('keeps the good filters of a URL and drops a bad one on its own', () => {
    const filters = parseFilters({ contractId: 'c-1', level: '7', state: 'onSite', engineerId: 'bad id!' });

    expect(filters).toEqual({ contractId: 'c-1', state: 'onSite' });
  });

  it('reads back what filtersToSearch writes', () => {
    const filters = { level: '1' as const, engineerId: 'eng-2', contractId: 'c-1' };

    const search = filtersToSearch(filters);

    expect(search).toBe('?contractId=c-1&level=1&engineerId=eng-2');
    expect(parseFilters(Object.fromEntries(new URLSearchParams(search)))).toEqual(filters);
  });

  it('removes a filter set back to "all"', () => {
    expect(withFilter({ level: '2', state: 'new' }, 'level', '')).toEqual({ state: 'new' });
    expect(filtersToSearch({})).toBe('');
  });
});

describe('sortByBreach', () => {
  const ticket = (number: string, breachAt: string | null, level: 1 | 2 | 3 = 3) => ({
    number,
    breachAt,
    level,
    reportedAt: '2026-05-03T00:00:00Z',
  });

  it('puts the most overdue first and tickets without a deadline last', () => {
    const sorted = sortByBreach([
      ticket('later', '2026-05-03T10:00:00Z'),
      ticket('none', null),
      ticket('overdue', '2026-05-02T10:00:00Z'),
      ticket('soon', '2026-05-03T01:00:00Z'),
    ]);

    expect(sorted.map((t) => t.number)).toEqual(['overdue', 'soon', 'later', 'none']);
  });

  it('breaks a tie by the more severe level', () => {
    const at = '2026-05-03T10:00:00Z';

    expect(sortByBreach([ticket('l3', at, 3), ticket('l1', at, 1)]).map((t) => t.number)).toEqual([
      'l1',
      'l3',
    ]);
  });
});

describe('breachClock', () => {
  it('names the promise the breach time belongs to', () => {
    const due = { arrivalDueAt: '2026-05-03T08:00:00Z', resolutionDueAt: '2026-05-03T12:00:00Z' };

    expect(breachClock({ ...due, breachAt: due.arrivalDueAt })).toBe('arrival');
    expect(breachClock({ ...due, breachAt: due.resolutionDueAt })).toBe('resolution');
    expect(breachClock({ ...due, breachAt: null })).toBeNull();
  });
});

describe('takes', () => {
  it('offers the desk only what the life cycle allows', () => {
    expect(takes({ state: 'new', paused: false }, 'assign')).toBe(true);
    expect(takes({ state: 'new', paused: false }, 'resume')).toBe(false);
    expect(takes({ state: 'onSite', paused: false }, 'assign')).toBe(false);
    expect(takes({ state: 'assigned', paused: true }, 'resume')).toBe(true);
    expect(takes({ state: 'closed', paused: false }, 'close')).toBe(false);
  });
});

describe('desk catalogues', () => {
  it('use the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(deskZhCN) as (keyof typeof deskZhCN)[]) {
      expect(names(deskEn[key]), key).toEqual(names(deskZhCN[key]));
    }
  });
});
