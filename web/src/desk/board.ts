/**
 * The board's filters as they live in the URL, and the board's order. Pure: no DOM, no clock.
 */
import { BoardQuerySchema, type TicketView } from '../../../shared/tickets/schemas.ts';

/** As in the URL query: each filter a string, a bad one dropped on its own. */
export interface BoardFilters {
  contractId?: string;
  level?: '1' | '2' | '3';
  state?: string;
  engineerId?: string;
}

export const FILTER_KEYS = ['contractId', 'level', 'state', 'engineerId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * Reads the filters from a URL query, checking each with the API's own query schema, so that a link
 * with one stale or mistyped filter still opens the board with the others.
 */
export function parseFilters(query: Readonly<Record<string, string | undefined>>): BoardFilters {
  const filters: BoardFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    if (!BoardQuerySchema.safeParse({ [key]: value }).success) continue;
    (filters as Record<FilterKey, string>)[key] = value;
  }
  return filters;
}

/** `?contractId=…&level=…` in a fixed order, or '' without filters. */
export function filtersToSearch(filters: BoardFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function withFilter(filters: BoardFilters, key: FilterKey, value: string): BoardFilters {
  const next: BoardFilters = { ...filters };
  if (value === '') delete next[key];
  else (next as Record<FilterKey, string>)[key] = value;
  return parseFilters(next as Record<string, string>);
}

export const hasFilters = (filters: BoardFilters) => FILTER_KEYS.some((key) => filters[key] !== undefined);

const breachTime = (ticket: Pick<TicketView, 'breachAt'>) => {
  const at = ticket.breachAt === null ? Number.NaN : Date.parse(ticket.breachAt);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
};

/**
 * Soonest breach first (overdue ones on top, most overdue first); tickets without a pending deadline
 * last. Ties go to the more severe level, then the earlier report.
 */
export function sortByBreach<T extends Pick<TicketView, 'breachAt' | 'level' | 'reportedAt'>>(
  tickets: readonly T[],
): T[] {
  return [...tickets].sort(
    (a, b) =>
      breachTime(a) - breachTime(b) ||
      a.level - b.level ||
      Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
  );
}

/** Which promise the breach time belongs to. */
export function breachClock(
  ticket: Pick<TicketView, 'breachAt' | 'arrivalDueAt' | 'resolutionDueAt'>,
): 'arrival' | 'resolution' | null {
  if (ticket.breachAt === null) return null;
  if (ticket.breachAt === ticket.arrivalDueAt) return 'arrival';
  return 'resolution';
}

/** A mark of a ticket on the board, in words (never colour alone). */
export interface BoardMark {
  kind: 'escalated' | 'tier' | 'smsFailed' | 'checkIn';
  text: string;
}

/**
 * The board's marks of a ticket: escalated (×N when the timers recorded N escalations that count),
 * the tier alerted, SMS that failed, and a check-in the phone did not place on site.
 */
export function boardMarks(
  t: (
    key:
      | 'board.escalated'
      | 'board.escalatedTimes'
      | 'board.tier'
      | 'board.smsFailed'
      | 'board.checkIn.beyondRadius'
      | 'board.checkIn.noPosition',
    params?: Record<string, number>,
  ) => string,
  ticket: Pick<TicketView, 'escalated' | 'tier' | 'alerts'>,
): BoardMark[] {
  const marks: BoardMark[] = [];
  const escalations = ticket.alerts?.escalations ?? 0;
  if (ticket.escalated || escalations > 0) {
    marks.push({
      kind: 'escalated',
      text: escalations > 0 ? t('board.escalatedTimes', { count: escalations }) : t('board.escalated'),
    });
    if (ticket.tier > 1) marks.push({ kind: 'tier', text: t('board.tier', { tier: ticket.tier }) });
  }
  const failed = ticket.alerts?.failedSms ?? 0;
  if (failed > 0) marks.push({ kind: 'smsFailed', text: t('board.smsFailed', { count: failed }) });
  const checkIn = ticket.alerts?.checkIn;
  if (checkIn === 'beyondRadius' || checkIn === 'noPosition') {
    marks.push({ kind: 'checkIn', text: t(`board.checkIn.${checkIn}`) });
  }
  return marks;
}
