import { getDayDetail, getHolidaysInRange, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { ServiceCalendar } from './calendar.ts';
import { CN_MAINLAND_HOLIDAYS } from './holidays-cn.ts';
import { presetCalendar } from './policy.ts';
import { epochDayOf } from './time.ts';

const calendar = new ServiceCalendar(presetCalendar('C'));

describe('mainland China holiday data', () => {
  for (const year of [2025, 2026, 2027]) {
    it(`agrees with chinese-days on every day of ${year}`, () => {
      const published = new Set(getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false));
      const mismatches: string[] = [];
      for (let day = epochDayOf(`${year}-01-01`); day <= epochDayOf(`${year}-12-31`); day++) {
        const plan = calendar.day(day);
        const detail = getDayDetail(plan.date);
        const makeUp = detail.work && plan.weekday >= 6;
        if (plan.workingDay !== isWorkday(plan.date)) mismatches.push(`${plan.date} working day`);
        if ((plan.kind === 'holiday') !== published.has(plan.date)) mismatches.push(`${plan.date} holiday`);
        if ((plan.kind === 'makeUpWorkday') !== makeUp) mismatches.push(`${plan.date} make-up working day`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('marks a year pending only while the reference package has no schedule for it either', () => {
    for (const [year, data] of Object.entries(CN_MAINLAND_HOLIDAYS)) {
      const published = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false);
      expect(published.length > 0, `${year}`).toBe(data.status === 'official');
    }
  });

  it('ships the current and next year', () => {
    expect(CN_MAINLAND_HOLIDAYS[2026]?.status).toBe('official');
    expect(CN_MAINLAND_HOLIDAYS[2027]).toBeDefined();
  });

  it('flags dates of an unpublished year', () => {
    expect(calendar.day(epochDayOf('2027-10-01')).holidayDataMissing).toBe(true);
    expect(calendar.day(epochDayOf('2026-10-01')).holidayDataMissing).toBe(false);
  });
});
