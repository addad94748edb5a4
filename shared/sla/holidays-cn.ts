/**
 * Mainland China statutory holidays (法定节假日) and make-up working days (调休上班日), as published by
 * the General Office of the State Council each year, usually in November for the next year.
 *
 * This is data, not logic: holidays-cn.test.ts checks every day of every year below against the
 * `chinese-days` package, and fails when that package knows a year that is still marked `pending` here,
 * which is the signal to copy the new notice in.
 */

export interface HolidayPeriod {
  /** First and last day off, inclusive, `YYYY-MM-DD`. */
  from: string;
  to: string;
  name: { zh: string; en: string };
}

export interface MakeUpWorkday {
  date: string;
  /** The holiday the day is worked for. */
  name: { zh: string; en: string };
}

export interface HolidayYear {
  /** `official`: copied from the State Council notice. `pending`: not published yet, no days off known. */
  status: 'official' | 'pending';
  notice?: string;
  holidays: HolidayPeriod[];
  makeUpWorkdays: MakeUpWorkday[];
}

const NEW_YEAR = { zh: '元旦', en: "New Year's Day" };
const SPRING = { zh: '春节', en: 'Spring Festival' };
const QINGMING = { zh: '清明节', en: 'Qingming Festival' };
const LABOUR = { zh: '劳动节', en: 'Labour Day' };
const DRAGON_BOAT = { zh: '端午节', en: 'Dragon Boat Festival' };
const MID_AUTUMN = { zh: '中秋节', en: 'Mid-Autumn Festival' };
const NATIONAL = { zh: '国庆节', en: 'National Day' };
const NATIONAL_MID_AUTUMN = { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' };

export const CN_MAINLAND_HOLIDAYS: Readonly<Record<number, HolidayYear>> = {
  2025: {
    status: 'official',
    notice: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    holidays: [
      { from: '2025-01-01', to: '2025-01-01', name: NEW_YEAR },
      { from: '2025-01-28', to: '2025-02-04', name: SPRING },
      { from: '2025-04-04', to: '2025-04-06', name: QINGMING },
      { from: '2025-05-01', to: '2025-05-05', name: LABOUR },
      { from: '2025-05-31', to: '2025-06-02', name: DRAGON_BOAT },
      { from: '2025-10-01', to: '2025-10-08', name: NATIONAL_MID_AUTUMN },
    ],
    makeUpWorkdays: [
      { date: '2025-01-26', name: SPRING },
      { date: '2025-02-08', name: SPRING },
      { date: '2025-04-27', name: LABOUR },
      { date: '2025-09-28', name: NATIONAL_MID_AUTUMN },
      { date: '2025-10-11', name: NATIONAL_MID_AUTUMN },
    ],
  },
  2026: {
    status: 'official',
    notice: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    holidays: [
      { from: '2026-01-01', to: '2026-01-03', name: NEW_YEAR },
      { from: '2026-02-15', to: '2026-02-23', name: SPRING },
      { from: '2026-04-04', to: '2026-04-06', name: QINGMING },
      { from: '2026-05-01', to: '2026-05-05', name: LABOUR },
      { from: '2026-06-19', to: '2026-06-21', name: DRAGON_BOAT },
      { from: '2026-09-25', to: '2026-09-27', name: MID_AUTUMN },
      { from: '2026-10-01', to: '2026-10-07', name: NATIONAL },
    ],
    makeUpWorkdays: [
      { date: '2026-01-04', name: NEW_YEAR },
      { date: '2026-02-14', name: SPRING },
      { date: '2026-02-28', name: SPRING },
      { date: '2026-05-09', name: LABOUR },
      { date: '2026-09-20', name: NATIONAL },
      { date: '2026-10-10', name: NATIONAL },
    ],
  },
  // The 2027 notice is not in the reference package yet (chinese-days 1.5.7 ends with 2026). Until it
  // is, 2027 counts Monday–Friday as working days and every computation touching it says so.
  2027: { status: 'pending', holidays: [], makeUpWorkdays: [] },
};
