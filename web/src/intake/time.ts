/**
 * Times as people read them: instants in the contract's time zone (not the phone's), and countdowns
 * to a deadline. Pure: `now` always comes in as a parameter.
 */
import type { Locale } from '../i18n/locale';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withYear}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(withYear ? { year: 'numeric' } : {}),
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(key, format);
  }
  return format;
}

/** The zone's offset as `GMT+8`; the same in both languages. */
export function zoneLabel(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * An instant (`…Z`) in `timeZone`, e.g. `5月3日周日 14:30 (GMT+8)` / `Sun, May 3, 14:30 (GMT+8)`.
 * The year shows only when it is not the year of `now` in that zone. An unreadable instant is shown as
 * it came, rather than as "Invalid Date".
 */
export function formatInstant(
  iso: string,
  timeZone: string,
  locale: Locale,
  now: number,
  { zone = true }: { zone?: boolean } = {},
): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const yearOf = (date: Date) => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(date);
  const withYear = yearOf(at) !== yearOf(new Date(now));
  const text = formatter(locale, timeZone, withYear).format(at);
  return zone ? `${text} (${zoneLabel(timeZone, at)})` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The time left until a deadline as a clock: `4:05:09`, `0:59:59`, and past a day `2天 03:05:09` /
 * `2d 03:05:09`. Negative `ms` (overdue) gives the time since, without a sign: the caller says
 * "overdue". Seconds round up, so `0:00:00` shows only once the deadline has come.
 */
export function formatCountdown(ms: number, locale: Locale): string {
  const total = Math.ceil(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days === 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  const dayText = locale === 'en' ? `${days}d` : `${days}天`;
  return `${dayText} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

export type Urgency = 'overdue' | 'soon' | 'ok';

/** Within this much of a deadline a countdown is shown as urgent. */
export const SOON_MS = 60 * 60_000;

export function urgencyOf(dueAt: string | null, now: number): Urgency | null {
  if (dueAt === null) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  if (due <= now) return 'overdue';
  return due - now <= SOON_MS ? 'soon' : 'ok';
}
