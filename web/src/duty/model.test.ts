import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import {
  addDays,
  bodyOf,
  checkDraft,
  datesOf,
  defaultRange,
  draftFieldOf,
  emptyDraft,
  failureOf,
  todayInChina,
} from './model';

describe('the duty roster page model', () => {
  it('asks for the dates and both people, and refuses a last day before the first', () => {
    expect(checkDraft(emptyDraft('2026-10-01'))).toEqual({
      engineerId: 'duty.error.missing',
      managerId: 'duty.error.missing',
    });
    const backwards = { ...emptyDraft('2026-10-05'), to: '2026-10-04', engineerId: 'e', managerId: 'm' };
    expect(checkDraft(backwards)).toEqual({ to: 'duty.error.order' });
    expect(checkDraft({ ...backwards, to: '2026-10-05' })).toEqual({});
  });

  it('sends no contract for "all contracts" and a trimmed note', () => {
    const draft = { ...emptyDraft('2026-10-01'), engineerId: 'e', managerId: 'm', note: '  国庆 ' };
    expect(bodyOf(draft)).toEqual({
      from: '2026-10-01',
      to: '2026-10-01',
      engineerId: 'e',
      managerId: 'm',
      note: '国庆',
    });
    expect(bodyOf({ ...draft, contractId: 'k' }).contractId).toBe('k');
  });

  it('reads failures: a field, a stale or missing entry, offline', () => {
    const field = new ApiError('http', 'bad', 400, {
      error: { code: 'bad_request', message: 'm', field: 'engineerId' },
    });
    expect(failureOf(field)).toEqual({ kind: 'field', field: 'engineerId', message: 'm' });
    expect(draftFieldOf('engineerId')).toBe('engineerId');
    expect(draftFieldOf('body')).toBeNull();
    expect(failureOf(new ApiError('http', 'x', 409)).kind).toBe('stale');
    expect(failureOf(new ApiError('http', 'x', 404)).kind).toBe('stale');
    expect(failureOf(new ApiError('network', 'x')).kind).toBe('offline');
  });

  it('counts days across months and shows the period in China time', () => {
    expect(addDays('2026-09-28', 5)).toBe('2026-10-03');
    expect(defaultRange('2026-10-01')).toEqual({ from: '2026-09-24', to: '2026-12-30' });
    expect(todayInChina(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(datesOf({ from: '2026-10-01', to: '2026-10-01' })).toBe('2026-10-01');
    expect(datesOf({ from: '2026-10-01', to: '2026-10-07' })).toBe('2026-10-01 – 2026-10-07');
  });
});
