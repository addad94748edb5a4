/**
 * Instants and local dates as plain numbers, converted only through Temporal.
 *
 * The engine works on epoch milliseconds (an instant) and epoch days (a local calendar date counted
 * from 1970-01-01, the same way in every zone) because its inner loops run millions of times; every
 * conversion between those numbers and a zone's wall clock goes through Temporal here or in calendar.ts.
 */
import { Temporal } from 'temporal-polyfill';
import * as z from 'zod';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An absolute instant as ISO-8601 with an offset or `Z` (stored as UTC, shown in the contract's zone). */
export const InstantSchema = z.string().refine(isInstant, { message: 'expected an ISO-8601 instant' });
export type InstantString = z.infer<typeof InstantSchema>;

/** A local calendar date, `YYYY-MM-DD`. */
export const LocalDateSchema = z.string().refine(isLocalDate, { message: 'expected a date YYYY-MM-DD' });
export type LocalDate = z.infer<typeof LocalDateSchema>;

/** An IANA time zone name that Temporal knows, e.g. `Asia/Shanghai`. */
export const TimeZoneSchema = z.string().refine(isTimeZone, { message: 'expected an IANA time zone' });
export type TimeZone = z.infer<typeof TimeZoneSchema>;

export function isInstant(value: string): boolean {
  // Temporal accepts a date alone or a date-time without offset for some types; an instant needs both.
  if (!/T\d{2}:\d{2}/.test(value) || !/(Z|[+-]\d{2}(:?\d{2})?)(\[.*\])?$/i.test(value)) return false;
  try {
    Temporal.Instant.from(value);
    return true;
  } catch {
    return false;
  }
}

export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
  } catch {
    return false;
  }
}

export function isTimeZone(value: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value);
    return true;
  } catch {
    return false;
  }
}

export function toEpochMs(instant: string): number {
  return Temporal.Instant.from(instant).epochMilliseconds;
}

/** UTC ISO-8601, the stored form. */
export function toIsoUtc(epochMs: number): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toString();
}

/** ISO-8601 with the zone's offset at that instant, e.g. `2026-10-09T17:00:00+08:00`. */
export function toIsoInZone(epochMs: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never' });
}

export function toZoned(epochMs: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
}

/** The epoch day of a calendar date: days since 1970-01-01 (a date, not an instant). */
export function epochDayOf(date: Temporal.PlainDate | string): number {
  const plain = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return plain.toZonedDateTime({ timeZone: 'UTC' }).epochMilliseconds / DAY_MS;
}

export function plainDateOfEpochDay(day: number): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(day * DAY_MS)
    .toZonedDateTimeISO('UTC')
    .toPlainDate();
}

export function localDateOfEpochDay(day: number): LocalDate {
  return plainDateOfEpochDay(day).toString();
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday. */
export function weekdayOfEpochDay(day: number): number {
  return plainDateOfEpochDay(day).dayOfWeek;
}
