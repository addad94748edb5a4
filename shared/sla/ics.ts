/**
 * Contract closures from an iCalendar (RFC 5545) text, e.g. a customer's site calendar exported from
 * Outlook or Google. Pure: takes the file's text, returns closures and what it skipped.
 *
 * - All-day events (DTSTART;VALUE=DATE) close whole local days; DTEND is exclusive as RFC 5545 says, a
 *   missing DTEND means that one day, and multi-day spans are kept as one closure.
 * - Timed events close the period between their start and end instants. A time with `Z` is UTC, one
 *   with TZID is in that zone, a floating time is in the calendar's zone (`defaultTimeZone`).
 * - Recurring events (RRULE/RDATE), cancelled events and events without a start are skipped and listed.
 */
import { Temporal } from 'temporal-polyfill';
import type { Closure } from './calendar.ts';
import { isTimeZone } from './time.ts';

export interface IcsSkipped {
  uid: string | null;
  summary: string | null;
  reason: 'recurring' | 'cancelled' | 'noStart' | 'badDate' | 'unknownTimeZone' | 'endBeforeStart';
}

export interface IcsImport {
  closures: Closure[];
  skipped: IcsSkipped[];
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unfold continuation lines (a line starting with a space or tab continues the previous one). */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += raw.slice(1);
    } else if (raw.length > 0) {
      lines.push(raw);
    }
  }
  return lines;
}

function parseProperty(line: string): Property | null {
  // The value starts after the first colon that is not inside a quoted parameter value.
  let inQuotes = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ':' && !inQuotes) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

type IcsTime = { kind: 'date'; date: Temporal.PlainDate } | { kind: 'instant'; instant: Temporal.Instant };

function parseTime(p: Property, defaultTimeZone: string): IcsTime | 'badDate' | 'unknownTimeZone' {
  const v = p.value.trim();
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (date !== null || p.params.VALUE === 'DATE') {
    if (date === null) return 'badDate';
    try {
      return {
        kind: 'date',
        date: Temporal.PlainDate.from(
          { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) },
          { overflow: 'reject' },
        ),
      };
    } catch {
      return 'badDate';
    }
  }
  const dt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(v);
  if (dt === null) return 'badDate';
  const zone = dt[7] === 'Z' ? 'UTC' : (p.params.TZID ?? defaultTimeZone);
  if (!isTimeZone(zone)) return 'unknownTimeZone';
  try {
    const local = Temporal.PlainDateTime.from(
      {
        year: Number(dt[1]),
        month: Number(dt[2]),
        day: Number(dt[3]),
        hour: Number(dt[4]),
        minute: Number(dt[5]),
        second: Math.min(59, Number(dt[6])),
      },
      { overflow: 'reject' },
    );
    return { kind: 'instant', instant: local.toZonedDateTime(zone).toInstant() };
  } catch {
    return 'badDate';
  }
}

/** Closures from an .ics text; floating times are read in `defaultTimeZone` (the contract's zone). */
export function parseIcsClosures(text: string, defaultTimeZone: string): IcsImport {
  const closures: Closure[] = [];
  const skipped: IcsSkipped[] = [];
  let event: Property[] | null = null;
  let depth = 0;
  for (const line of unfold(text)) {
    const prop = parseProperty(line);
    if (prop === null) continue;
    if (prop.name === 'BEGIN') {
      if (prop.value.toUpperCase() === 'VEVENT' && event === null) {
        event = [];
        depth = 0;
      } else if (event !== null) {
        depth++;
      }
      continue;
    }
    if (prop.name === 'END' && event !== null) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (prop.value.toUpperCase() === 'VEVENT') {
        readEvent(event, defaultTimeZone, closures, skipped);
        event = null;
      }
      continue;
    }
    // Properties of nested components (VALARM) do not describe the event.
    if (event !== null && depth === 0) event.push(prop);
  }
  return { closures, skipped };
}

function readEvent(props: Property[], zone: string, closures: Closure[], skipped: IcsSkipped[]): void {
  const get = (name: string) => props.find((p) => p.name === name);
  const uid = get('UID')?.value ?? null;
  const summaryProp = get('SUMMARY');
  const summary = summaryProp === undefined ? null : unescapeText(summaryProp.value);
  const skip = (reason: IcsSkipped['reason']) => skipped.push({ uid, summary, reason });
  if (get('RRULE') !== undefined || get('RDATE') !== undefined) return void skip('recurring');
  if (get('STATUS')?.value.toUpperCase() === 'CANCELLED') return void skip('cancelled');
  const startProp = get('DTSTART');
  if (startProp === undefined) return void skip('noStart');
  const start = parseTime(startProp, zone);
  if (typeof start === 'string') return void skip(start);
  const endProp = get('DTEND');
  const end = endProp === undefined ? null : parseTime(endProp, zone);
  if (typeof end === 'string') return void skip(end);
  const reason = summary ?? 'closure';

  if (start.kind === 'date') {
    let last = start.date;
    if (end !== null) {
      if (end.kind !== 'date') return void skip('badDate');
      // DTEND of an all-day event is the day after the last one.
      last = end.date.subtract({ days: 1 });
      if (Temporal.PlainDate.compare(last, start.date) < 0) return void skip('endBeforeStart');
    }
    closures.push({ kind: 'days', from: start.date.toString(), to: last.toString(), reason });
    return;
  }
  if (end === null) return; // A timed event without an end lasts no time and closes nothing.
  if (end.kind !== 'instant') return void skip('badDate');
  if (Temporal.Instant.compare(end.instant, start.instant) <= 0) return void skip('endBeforeStart');
  closures.push({ kind: 'period', start: start.instant.toString(), end: end.instant.toString(), reason });
}
