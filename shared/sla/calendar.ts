/**
 * Service calendars: when the clock of a contract runs (open hours), and the two operations every SLA
 * clock is made of — the service time between two instants, and adding service time to an instant.
 *
 * How it works. A calendar is compiled once into a lazily filled table of local days. Each day (keyed by
 * its epoch day number) knows its real start and end instants and its open windows as real instants,
 * computed with Temporal from the contract's wall-clock hours:
 *
 *   - An instant is open when its local wall time falls in [from, to) of one of that local date's windows
 *     (half-open: 09:00 is open, 17:00 is closed). That definition fixes what daylight saving does: a
 *     spring-forward gap inside open hours is simply absent, so a 09:00–17:00 day across a gap counts its
 *     real elapsed time, and a repeated fall-back hour is counted twice because it really passes twice.
 *   - Temporal gives each local day's start, end and offset transitions. Between two transitions the
 *     offset is constant, so within such a piece a wall time and its instant differ by that one offset;
 *     a window is intersected with every piece, which yields the right instants in a gap or an overlap.
 *
 * Adding service time then walks day by day and window by window, skipping pauses, and never minute by
 * minute: a 72 h C-level target across the National Day week touches about 20 days. A day with no
 * windows is skipped whole.
 */
import { Temporal } from 'temporal-polyfill';
import * as z from 'zod';
import { CN_MAINLAND_HOLIDAYS } from './holidays-cn.ts';
import {
  DAY_MS,
  epochDayOf,
  InstantSchema,
  LocalDateSchema,
  localDateOfEpochDay,
  MINUTE_MS,
  plainDateOfEpochDay,
  TimeZoneSchema,
  toEpochMs,
} from './time.ts';

/** `HH:MM` on a 24-hour clock; `24:00` only as the end of a window (midnight at the end of the day). */
export const ClockTimeSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'expected a time HH:MM (00:00–24:00)' });

export const OpenWindowSchema = z
  .object({ from: ClockTimeSchema, to: ClockTimeSchema })
  .refine((w) => minutesOfClockTime(w.to) > minutesOfClockTime(w.from), {
    message: 'a window must end after it starts',
    path: ['to'],
  });
export type OpenWindow = z.infer<typeof OpenWindowSchema>;

export const OpenHoursSchema = z.array(OpenWindowSchema);
export type OpenHours = z.infer<typeof OpenHoursSchema>;

export const WeeklyHoursSchema = z.object({
  mon: OpenHoursSchema,
  tue: OpenHoursSchema,
  wed: OpenHoursSchema,
  thu: OpenHoursSchema,
  fri: OpenHoursSchema,
  sat: OpenHoursSchema,
  sun: OpenHoursSchema,
});
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const NamedDateSchema = z.object({
  date: LocalDateSchema,
  name: z.object({ zh: z.string(), en: z.string() }).optional(),
});

/** Which public holidays and make-up working days (调休上班日) the calendar observes. */
export const HolidaySourceSchema = z.discriminatedUnion('source', [
  /** The mainland China schedule shipped in holidays-cn.ts. */
  z.object({ source: z.literal('cn-mainland') }),
  /** A contract's own list, replacing the shipped schedule. */
  z.object({
    source: z.literal('custom'),
    holidays: z.array(NamedDateSchema),
    makeUpWorkdays: z.array(NamedDateSchema),
  }),
  z.object({ source: z.literal('none') }),
]);
export type HolidaySource = z.infer<typeof HolidaySourceSchema>;

/** A contract's own closure: whole local days, or a period between two instants. Always closed. */
export const ClosureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('days'),
    from: LocalDateSchema,
    /** Inclusive. */
    to: LocalDateSchema,
    reason: z.string(),
  }),
  z.object({ kind: z.literal('period'), start: InstantSchema, end: InstantSchema, reason: z.string() }),
]);
export type Closure = z.infer<typeof ClosureSchema>;

export const CalendarSpecSchema = z.object({
  /** Short label shown in explanations, e.g. `7×24`, `7×8`, `5×8`. */
  label: z.string(),
  timeZone: TimeZoneSchema,
  /** Open hours of an ordinary day, per weekday. */
  weeklyHours: WeeklyHoursSchema,
  /** ISO weekdays (1 = Monday) that are working days unless a public holiday. */
  workingWeekdays: z.array(z.int().min(1).max(7)),
  /** Open hours on a public holiday. */
  holidayHours: OpenHoursSchema,
  /** Open hours on a make-up working day. */
  makeUpWorkdayHours: OpenHoursSchema,
  publicHolidays: HolidaySourceSchema,
  closures: z.array(ClosureSchema),
});
export type CalendarSpec = z.infer<typeof CalendarSpecSchema>;

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday' | 'closure';

export interface LocalName {
  zh: string;
  en: string;
}

/** One local date of a calendar, as compiled. */
export interface DayPlan {
  /** Epoch day of the local date (days since 1970-01-01). */
  readonly day: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** First instant of the local date, and first instant of the next one (epoch ms). */
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: DayKind;
  /** Holiday, make-up day or closure name. */
  readonly name?: LocalName;
  /** A working day in the rules' sense: Monday–Friday not a holiday, or a make-up working day. */
  readonly workingDay: boolean;
  /** Open windows as instants, flat and sorted: [start0, end0, start1, end1, …] (epoch ms). */
  readonly windows: readonly number[];
  /** The shipped holiday schedule has no published data for this date's year. */
  readonly holidayDataMissing: boolean;
  /** The zone changes its offset during this local date. */
  readonly offsetChanges: boolean;
}

export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** How far the calendar searches for open time before it gives up (about ten years). */
const MAX_DAYS_SEARCHED = 3700;

/** Sorted, disjoint intervals [start0, end0, start1, end1, …] in epoch ms; an end may be Infinity. */
export type Intervals = readonly number[];
const NO_INTERVALS: Intervals = [];

/**
 * A compiled calendar. All instants are epoch milliseconds; `pauses` are intervals during which the
 * clock does not run (sorted, disjoint; the last may be open-ended with an Infinity end).
 */
export class ServiceCalendar {
  readonly spec: CalendarSpec;
  readonly timeZone: string;
  private readonly days = new Map<number, DayPlan>();
  private readonly holidays: Map<string, LocalName> = new Map();
  private readonly makeUpWorkdays: Map<string, LocalName> = new Map();
  private readonly closureDays = new Map<string, string>();
  private readonly closurePeriods: { start: number; end: number; reason: string }[] = [];
  private readonly workingWeekdays: ReadonlySet<number>;
  private readonly hoursByWeekday: readonly (readonly [number, number][])[];
  private readonly holidayHours: readonly [number, number][];
  private readonly makeUpHours: readonly [number, number][];
  private lastDay: DayPlan | undefined;

  constructor(spec: CalendarSpec) {
    this.spec = spec;
    this.timeZone = spec.timeZone;
    this.workingWeekdays = new Set(spec.workingWeekdays);
    this.hoursByWeekday = WEEKDAY_KEYS.map((key) => toMinuteWindows(spec.weeklyHours[key]));
    this.holidayHours = toMinuteWindows(spec.holidayHours);
    this.makeUpHours = toMinuteWindows(spec.makeUpWorkdayHours);
    const source = spec.publicHolidays;
    if (source.source === 'cn-mainland') {
      const cn = cnMainlandDays();
      this.holidays = cn.holidays;
      this.makeUpWorkdays = cn.makeUpWorkdays;
    } else if (source.source === 'custom') {
      for (const h of source.holidays) this.holidays.set(h.date, h.name ?? { zh: '节假日', en: 'holiday' });
      for (const m of source.makeUpWorkdays) {
        this.makeUpWorkdays.set(m.date, m.name ?? { zh: '调休', en: 'make-up working day' });
      }
    }
    for (const c of spec.closures) {
      if (c.kind === 'days') {
        for (const date of datesBetween(c.from, c.to)) this.closureDays.set(date, c.reason);
      } else {
        const start = toEpochMs(c.start);
        const end = toEpochMs(c.end);
        if (end > start) this.closurePeriods.push({ start, end, reason: c.reason });
      }
    }
  }

  /** The compiled local date `day` (epoch day). */
  day(day: number): DayPlan {
    const cached = this.days.get(day);
    if (cached !== undefined) return cached;
    const plan = this.buildDay(day);
    this.days.set(day, plan);
    return plan;
  }

  /** The local date containing the instant. */
  dayOf(atMs: number): DayPlan {
    const last = this.lastDay;
    if (last !== undefined && atMs >= last.startMs && atMs < last.endMs) return last;
    // The UTC date is at most one day away from the local date (offsets stay within ±24 h); the real
    // bounds of each local day come from Temporal, so two steps at most settle it.
    let plan = this.day(Math.floor(atMs / DAY_MS));
    for (let guard = 0; guard < 4 && atMs < plan.startMs; guard++) plan = this.day(plan.day - 1);
    for (let guard = 0; guard < 4 && atMs >= plan.endMs; guard++) plan = this.day(plan.day + 1);
    this.lastDay = plan;
    return plan;
  }

  isOpen(atMs: number): boolean {
    const w = this.dayOf(atMs).windows;
    for (let i = 0; i < w.length; i += 2) {
      if (atMs >= (w[i] as number) && atMs < (w[i + 1] as number)) return true;
    }
    return false;
  }

  /** The earliest open instant at or after `atMs` (受理 of a fault reported then). */
  nextOpening(atMs: number): number {
    let plan = this.dayOf(atMs);
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      const w = plan.windows;
      for (let i = 0; i < w.length; i += 2) {
        const end = w[i + 1] as number;
        if (end > atMs) return Math.max(w[i] as number, atMs);
      }
      plan = this.day(plan.day + 1);
    }
    throw new CalendarError(`calendar ${this.spec.label} has no open hours within ${MAX_DAYS_SEARCHED} days`);
  }

  /** Length of the overlap of [fromMs, toMs) with open hours, pauses excluded (ms). */
  serviceTime(fromMs: number, toMs: number, pauses: Intervals = NO_INTERVALS): number {
    if (!(toMs > fromMs)) return 0;
    let total = 0;
    let plan = this.dayOf(fromMs);
    while (plan.startMs < toMs) {
      const w = plan.windows;
      for (let i = 0; i < w.length; i += 2) {
        const start = Math.max(w[i] as number, fromMs);
        const end = Math.min(w[i + 1] as number, toMs);
        if (end > start) total += end - start - overlap(start, end, pauses);
      }
      plan = this.day(plan.day + 1);
    }
    return total;
  }

  /**
   * Adding service time: the earliest instant t′ ≥ fromMs such that serviceTime(fromMs, t′) equals
   * `durationMs`. Infinity when an open-ended pause stops the clock before the target is used up.
   */
  addServiceTime(fromMs: number, durationMs: number, pauses: Intervals = NO_INTERVALS): number {
    if (durationMs < 0 || !Number.isFinite(durationMs)) {
      throw new CalendarError(`service time to add must be a finite duration ≥ 0, got ${durationMs}`);
    }
    if (durationMs === 0) return fromMs;
    let remaining = durationMs;
    let p = 0;
    while (p < pauses.length && (pauses[p + 1] as number) <= fromMs) p += 2;
    let plan = this.dayOf(fromMs);
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      const w = plan.windows;
      for (let i = 0; i < w.length; i += 2) {
        const windowEnd = w[i + 1] as number;
        if (windowEnd <= fromMs) continue;
        let s = Math.max(w[i] as number, fromMs);
        while (s < windowEnd) {
          while (p < pauses.length && (pauses[p + 1] as number) <= s) p += 2;
          const pauseStart = p < pauses.length ? (pauses[p] as number) : Number.POSITIVE_INFINITY;
          if (pauseStart <= s) {
            const pauseEnd = pauses[p + 1] as number;
            if (pauseEnd === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
            s = pauseEnd;
            continue;
          }
          const pieceEnd = Math.min(pauseStart, windowEnd);
          const length = pieceEnd - s;
          if (length >= remaining) return s + remaining;
          remaining -= length;
          s = pieceEnd;
        }
      }
      plan = this.day(plan.day + 1);
    }
    throw new CalendarError(`calendar ${this.spec.label} has no open hours within ${MAX_DAYS_SEARCHED} days`);
  }

  /**
   * The closing time of the first working day after the local date of `atMs` (C level's 第二天内):
   * the end of that day's last open window. A working day left without open hours (a contract closure)
   * is skipped.
   */
  closeOfNextWorkingDay(atMs: number): number {
    let plan = this.dayOf(atMs);
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      plan = this.day(plan.day + 1);
      if (plan.workingDay && plan.windows.length > 0) return plan.windows[plan.windows.length - 1] as number;
    }
    throw new CalendarError(
      `calendar ${this.spec.label} has no working day within ${MAX_DAYS_SEARCHED} days`,
    );
  }

  /** The local dates touched by [fromMs, toMs], in order. */
  daysBetween(fromMs: number, toMs: number): DayPlan[] {
    const out: DayPlan[] = [];
    let plan = this.dayOf(fromMs);
    for (let guard = 0; guard < MAX_DAYS_SEARCHED; guard++) {
      out.push(plan);
      if (plan.endMs > toMs) break;
      plan = this.day(plan.day + 1);
    }
    return out;
  }

  private transitionCache: { fromMs: number; nextMs: number } | undefined;

  /** The instant of the zone's next offset transition after `at` (Infinity when none is known). */
  private nextTransitionAfter(at: Temporal.ZonedDateTime): number {
    const atMs = at.epochMilliseconds;
    const cache = this.transitionCache;
    if (cache !== undefined && atMs >= cache.fromMs && atMs < cache.nextMs) return cache.nextMs;
    const next = at.getTimeZoneTransition('next');
    const nextMs = next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds;
    this.transitionCache = { fromMs: atMs, nextMs };
    return nextMs;
  }

  private buildDay(day: number): DayPlan {
    const date = plainDateOfEpochDay(day);
    const dateString = date.toString();
    const weekday = date.dayOfWeek;
    const startZoned = date.toZonedDateTime({ timeZone: this.timeZone });
    const startMs = startZoned.epochMilliseconds;
    const endMs = date.add({ days: 1 }).toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds;

    // Pieces of the local date with a constant offset, as Temporal reports them. Looking up the next
    // transition is the costly call, so the last answer is kept while days fall before it.
    const pieces: { from: number; to: number; offsetMs: number }[] = [];
    let cursor = startZoned;
    for (let guard = 0; guard < 8; guard++) {
      const fromMs = cursor.epochMilliseconds;
      const nextMs = this.nextTransitionAfter(cursor);
      const to = Math.min(nextMs, endMs);
      pieces.push({ from: fromMs, to, offsetMs: cursor.offsetNanoseconds / 1e6 });
      if (to === endMs) break;
      cursor = Temporal.Instant.fromEpochMilliseconds(nextMs).toZonedDateTimeISO(this.timeZone);
    }

    const closure = this.closureDays.get(dateString);
    const makeUp = this.makeUpWorkdays.get(dateString);
    const holiday = this.holidays.get(dateString);
    let kind: DayKind;
    let name: LocalName | undefined;
    let hours: readonly [number, number][];
    if (closure !== undefined) {
      kind = 'closure';
      name = { zh: closure, en: closure };
      hours = [];
    } else if (makeUp !== undefined) {
      kind = 'makeUpWorkday';
      name = makeUp;
      hours = this.makeUpHours;
    } else if (holiday !== undefined) {
      kind = 'holiday';
      name = holiday;
      hours = this.holidayHours;
    } else {
      kind = this.workingWeekdays.has(weekday) ? 'workday' : 'weekend';
      hours = this.hoursByWeekday[weekday - 1] ?? [];
    }

    // Wall-clock milliseconds of the local date's midnight, counted as if the wall clock were UTC.
    const wallMidnight = day * DAY_MS;
    let windows: number[] = [];
    for (const [fromMin, toMin] of hours) {
      const wallFrom = wallMidnight + fromMin * MINUTE_MS;
      const wallTo = wallMidnight + toMin * MINUTE_MS;
      for (const piece of pieces) {
        const from = Math.max(wallFrom, piece.from + piece.offsetMs);
        const to = Math.min(wallTo, piece.to + piece.offsetMs);
        if (to > from) windows.push(from - piece.offsetMs, to - piece.offsetMs);
      }
    }
    windows = mergeIntervals(windows);
    for (const c of this.closurePeriods) {
      if (c.start < endMs && c.end > startMs) windows = subtractInterval(windows, c.start, c.end);
    }

    const year = date.year;
    const holidayDataMissing =
      this.spec.publicHolidays.source === 'cn-mainland' && CN_MAINLAND_HOLIDAYS[year]?.status !== 'official';

    return {
      day,
      date: dateString,
      weekday,
      startMs,
      endMs,
      kind,
      ...(name === undefined ? {} : { name }),
      workingDay: kind === 'workday' || kind === 'makeUpWorkday',
      windows,
      holidayDataMissing,
      offsetChanges: pieces.length > 1,
    };
  }
}

let cnDays: { holidays: Map<string, LocalName>; makeUpWorkdays: Map<string, LocalName> } | undefined;

/** The shipped China schedule by date, built once per process (calendars only read it). */
function cnMainlandDays() {
  if (cnDays !== undefined) return cnDays;
  const holidays = new Map<string, LocalName>();
  const makeUpWorkdays = new Map<string, LocalName>();
  for (const year of Object.values(CN_MAINLAND_HOLIDAYS)) {
    for (const period of year.holidays) {
      for (const date of datesBetween(period.from, period.to)) holidays.set(date, period.name);
    }
    for (const m of year.makeUpWorkdays) makeUpWorkdays.set(m.date, m.name);
  }
  cnDays = { holidays, makeUpWorkdays };
  return cnDays;
}

export function minutesOfClockTime(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function toMinuteWindows(hours: OpenHours): [number, number][] {
  return hours.map((w) => [minutesOfClockTime(w.from), minutesOfClockTime(w.to)]);
}

function* datesBetween(from: string, to: string): Generator<string> {
  const last = epochDayOf(to);
  for (let day = epochDayOf(from); day <= last; day++) yield localDateOfEpochDay(day);
}

/** Sort and merge flat intervals. */
export function mergeIntervals(flat: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    if (!(e > s)) continue;
    const lastEnd = out[out.length - 1];
    if (lastEnd !== undefined && s <= lastEnd) out[out.length - 1] = Math.max(lastEnd, e);
    else out.push(s, e);
  }
  return out;
}

function subtractInterval(flat: readonly number[], start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const s = flat[i] as number;
    const e = flat[i + 1] as number;
    if (e <= start || s >= end) {
      out.push(s, e);
      continue;
    }
    if (s < start) out.push(s, start);
    if (e > end) out.push(end, e);
  }
  return out;
}

/** Total length of the overlap of [start, end) with the intervals. */
export function overlap(start: number, end: number, intervals: Intervals): number {
  let total = 0;
  for (let i = 0; i + 1 < intervals.length; i += 2) {
    const s = Math.max(start, intervals[i] as number);
    const e = Math.min(end, intervals[i + 1] as number);
    if (e > s) total += e - s;
  }
  return total;
}

const compiled = new Map<string, ServiceCalendar>();
const COMPILED_LIMIT = 64;

/**
 * The compiled calendar for a spec. Compiled calendars keep their day table, so the same spec is
 * compiled once per process (a few dozen at most are kept).
 */
export function compileCalendar(spec: CalendarSpec): ServiceCalendar {
  const key = JSON.stringify(spec);
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const calendar = new ServiceCalendar(spec);
  if (compiled.size >= COMPILED_LIMIT) {
    const oldest = compiled.keys().next();
    if (!oldest.done) compiled.delete(oldest.value);
  }
  compiled.set(key, calendar);
  return calendar;
}
