/**
 * Every deadline explains itself, in Chinese and English: the rule, the calendar, the clock's start and
 * what was skipped between start and deadline (holidays, weekends, closures, closed hours, pauses), and
 * what was counted although it looks like a day off (调休上班日).
 */
import type { DayPlan, Intervals, LocalName, ServiceCalendar } from './calendar.ts';
import { overlap } from './calendar.ts';
import { MINUTE_MS, toIsoUtc, toZoned } from './time.ts';

export interface DayRun {
  from: string;
  to: string;
  name?: LocalName;
}

export interface ExplanationFacts {
  /** What the deadline is, e.g. `resolution` for level 2. */
  rule: LocalName;
  calendar: string;
  timeZone: string;
  startAt: string;
  dueAt: string | null;
  /** Target in minutes of service time, when the rule counts service time. */
  targetMinutes?: number;
  holidays: DayRun[];
  weekends: DayRun[];
  closures: DayRun[];
  makeUpWorkdays: string[];
  /** Closed hours on counted days (nights, lunch breaks) were skipped. */
  closedHoursSkipped: boolean;
  pauses: { from: string; to: string | null }[];
  pausedMinutes: number;
  /** Local dates on which the zone changed its offset (daylight saving). */
  offsetChanges: string[];
  /** Years whose public holiday schedule is not published in the shipped data. */
  holidayDataMissing: number[];
}

export interface Explanation {
  zh: string;
  en: string;
  facts: ExplanationFacts;
}

const WEEKDAY_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-09-30 周三 16:30` / `Wed 2026-09-30 16:30` in the calendar's zone. */
export function formatLocal(calendar: ServiceCalendar, ms: number, lang: 'zh' | 'en'): string {
  const z = toZoned(ms, calendar.timeZone);
  const date = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
  const time = `${pad(z.hour)}:${pad(z.minute)}`;
  const weekday = lang === 'zh' ? WEEKDAY_ZH[z.dayOfWeek - 1] : WEEKDAY_EN[z.dayOfWeek - 1];
  return lang === 'zh' ? `${date} ${weekday} ${time}` : `${weekday} ${date} ${time}`;
}

export function formatDuration(ms: number, lang: 'zh' | 'en'): string {
  const totalMinutes = Math.round(ms / MINUTE_MS);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (lang === 'zh') return m === 0 ? `${h} 小时` : h === 0 ? `${m} 分钟` : `${h} 小时 ${m} 分钟`;
  return m === 0 ? `${h} h` : h === 0 ? `${m} min` : `${h} h ${m} min`;
}

function shortDate(date: string): string {
  return date.slice(5);
}

function runs(days: readonly DayPlan[], pick: (d: DayPlan) => boolean, byName: boolean): DayRun[] {
  const out: DayRun[] = [];
  let previous: DayPlan | undefined;
  for (const d of days) {
    if (!pick(d)) {
      previous = undefined;
      continue;
    }
    const last = out[out.length - 1];
    const sameName = !byName || last?.name?.zh === d.name?.zh;
    if (last !== undefined && previous !== undefined && previous.day === d.day - 1 && sameName)
      last.to = d.date;
    else out.push({ from: d.date, to: d.date, ...(byName && d.name !== undefined ? { name: d.name } : {}) });
    previous = d;
  }
  return out;
}

function span(run: DayRun, lang: 'zh' | 'en'): string {
  if (run.from === run.to) return shortDate(run.from);
  return lang === 'zh'
    ? `${shortDate(run.from)} 至 ${shortDate(run.to)}`
    : `${shortDate(run.from)} to ${shortDate(run.to)}`;
}

export interface DeadlineToExplain {
  rule: LocalName;
  /** What starts the clock, e.g. 受理 / acceptance. */
  startedBy: LocalName;
  startMs: number;
  dueMs: number;
  targetMs?: number;
  /** Intervals that do not count (pauses of the resolution clock). */
  pauses?: Intervals;
  /** The deadline is not counted in service time (report: plain hours). */
  plainTime?: boolean;
  /** How the end instant is introduced; `due` by default. */
  endLabel?: LocalName;
}

/** The explanation of one deadline computed on a calendar. */
export function explainDeadline(calendar: ServiceCalendar, d: DeadlineToExplain): Explanation {
  const finiteDue = Number.isFinite(d.dueMs);
  const days = d.plainTime ? [] : calendar.daysBetween(d.startMs, finiteDue ? d.dueMs : d.startMs);
  // The start's own day counts only for what lies after the start; a day off before it is no news.
  const between = days.filter((day) => day.endMs > d.startMs && day.startMs < d.dueMs);
  const closedAllDay = (day: DayPlan) => day.windows.length === 0;
  const holidays = runs(between, (day) => day.kind === 'holiday' && closedAllDay(day), true);
  const weekends = runs(between, (day) => day.kind === 'weekend' && closedAllDay(day), false);
  const closures = runs(between, (day) => day.kind === 'closure', true);
  const makeUpWorkdays = between.filter((day) => day.kind === 'makeUpWorkday').map((day) => day.date);
  const closedHoursSkipped = between.some(
    (day) => day.windows.length > 0 && (day.windows[0] !== day.startMs || day.windows.at(-1) !== day.endMs),
  );
  const pauses: { from: string; to: string | null }[] = [];
  const p = d.pauses ?? [];
  for (let i = 0; i + 1 < p.length; i += 2) {
    const from = p[i] as number;
    const to = p[i + 1] as number;
    if (to > d.startMs && from < d.dueMs) {
      pauses.push({ from: toIsoUtc(from), to: Number.isFinite(to) ? toIsoUtc(to) : null });
    }
  }
  const pausedMs = finiteDue ? overlap(d.startMs, d.dueMs, p) : 0;
  const offsetChanges = between.filter((day) => day.offsetChanges).map((day) => day.date);
  const holidayDataMissing = [
    ...new Set(between.filter((day) => day.holidayDataMissing).map((day) => Number(day.date.slice(0, 4)))),
  ];

  const facts: ExplanationFacts = {
    rule: d.rule,
    calendar: calendar.spec.label,
    timeZone: calendar.timeZone,
    startAt: toIsoUtc(d.startMs),
    dueAt: finiteDue ? toIsoUtc(d.dueMs) : null,
    ...(d.targetMs === undefined ? {} : { targetMinutes: d.targetMs / MINUTE_MS }),
    holidays,
    weekends,
    closures,
    makeUpWorkdays,
    closedHoursSkipped,
    pauses,
    pausedMinutes: pausedMs / MINUTE_MS,
    offsetChanges,
    holidayDataMissing,
  };
  return { zh: render(calendar, d, facts, 'zh'), en: render(calendar, d, facts, 'en'), facts };
}

function render(
  calendar: ServiceCalendar,
  d: DeadlineToExplain,
  f: ExplanationFacts,
  lang: 'zh' | 'en',
): string {
  const zh = lang === 'zh';
  const head = zh
    ? `${calendar.spec.label}（${calendar.timeZone}）：${f.rule.zh}，${formatLocal(calendar, d.startMs, 'zh')} ${d.startedBy.zh}起算`
    : `${calendar.spec.label} (${calendar.timeZone}): ${f.rule.en}, from ${d.startedBy.en} ${formatLocal(calendar, d.startMs, 'en')}`;
  const parts: string[] = [head];
  if (d.targetMs !== undefined) {
    parts.push(
      d.plainTime
        ? zh
          ? `${formatDuration(d.targetMs, 'zh')}（自然时间）`
          : `${formatDuration(d.targetMs, 'en')} of plain time`
        : zh
          ? `时限 ${formatDuration(d.targetMs, 'zh')}服务时间`
          : `target ${formatDuration(d.targetMs, 'en')} of service time`,
    );
  }
  for (const run of f.holidays) {
    const name = run.name ? (zh ? run.name.zh : run.name.en) : zh ? '节假日' : 'holiday';
    parts.push(zh ? `${name} ${span(run, 'zh')} 不计` : `${name} ${span(run, 'en')} not counted`);
  }
  for (const run of f.weekends)
    parts.push(zh ? `周末 ${span(run, 'zh')} 不计` : `weekend ${span(run, 'en')} not counted`);
  for (const run of f.closures) {
    const name = run.name ? (zh ? run.name.zh : run.name.en) : '';
    parts.push(
      zh
        ? `合同停止服务 ${span(run, 'zh')}（${name}）不计`
        : `contract closure ${span(run, 'en')} (${name}) not counted`,
    );
  }
  for (const date of f.makeUpWorkdays)
    parts.push(zh ? `${shortDate(date)} 调休上班` : `${shortDate(date)} make-up working day counted`);
  if (f.closedHoursSkipped) parts.push(zh ? '非服务时段（夜间等）不计' : 'closed hours (nights) not counted');
  if (f.pauses.length > 0) {
    const total = formatDuration(f.pausedMinutes * MINUTE_MS, lang);
    parts.push(
      zh
        ? `暂停 ${f.pauses.length} 次共 ${total} 不计`
        : `${f.pauses.length} pause(s), ${total}, not counted`,
    );
  }
  for (const date of f.offsetChanges) {
    parts.push(
      zh
        ? `${shortDate(date)} 夏令时切换，按实际经过时间计`
        : `${shortDate(date)} clock change, real elapsed time counted`,
    );
  }
  for (const year of f.holidayDataMissing) {
    parts.push(
      zh
        ? `${year} 年节假日安排尚未发布，暂按周一至周五上班计`
        : `${year} holiday schedule not yet published, Monday–Friday counted as working days`,
    );
  }
  const endLabel = d.endLabel ?? { zh: '截止', en: 'due' };
  const end = Number.isFinite(d.dueMs)
    ? zh
      ? `${endLabel.zh} ${formatLocal(calendar, d.dueMs, 'zh')}`
      : `${endLabel.en} ${formatLocal(calendar, d.dueMs, 'en')}`
    : zh
      ? '暂停中，截止时间待恢复后计算'
      : 'paused: due once resumed';
  parts.push(end);
  return zh ? `${parts.join('；')}。` : `${parts.join('; ')}.`;
}
