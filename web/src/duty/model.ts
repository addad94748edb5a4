/**
 * The duty roster page's rules, kept pure: drafts of an entry, what a save sends, what a failed request
 * means, and the period shown by default.
 */
import type { DutyCreateBody, DutyView } from '../../../shared/duty/schemas.ts';
import { ApiError, errorOf } from '../api/client';
import type { DutyKey } from './i18n.zh-CN';

export interface Draft {
  from: string;
  to: string;
  /** '' for every contract. */
  contractId: string;
  engineerId: string;
  managerId: string;
  note: string;
}

export type DraftField = keyof Draft;

export const emptyDraft = (today: string): Draft => ({
  from: today,
  to: today,
  contractId: '',
  engineerId: '',
  managerId: '',
  note: '',
});

export const draftOf = (entry: DutyView): Draft => ({
  from: entry.from,
  to: entry.to,
  contractId: entry.contractId ?? '',
  engineerId: entry.engineerId,
  managerId: entry.managerId,
  note: entry.note,
});

/** What the browser can tell before asking the server (which checks the people and the contract). */
export function checkDraft(draft: Draft): Partial<Record<DraftField, DutyKey>> {
  const errors: Partial<Record<DraftField, DutyKey>> = {};
  for (const field of ['from', 'to', 'engineerId', 'managerId'] as const) {
    if (draft[field].trim() === '') errors[field] = 'duty.error.missing';
  }
  if (errors.from === undefined && errors.to === undefined && draft.to < draft.from)
    errors.to = 'duty.error.order';
  return errors;
}

export function bodyOf(draft: Draft): DutyCreateBody {
  return {
    from: draft.from,
    to: draft.to,
    ...(draft.contractId === '' ? {} : { contractId: draft.contractId }),
    engineerId: draft.engineerId,
    managerId: draft.managerId,
    note: draft.note.trim(),
  };
}

export type Failure =
  | { kind: 'field'; field: string; message: string }
  | { kind: 'stale' }
  | { kind: 'forbidden' }
  | { kind: 'offline' }
  | { kind: 'server' };

export function failureOf(error: unknown): Failure {
  if (!(error instanceof ApiError)) return { kind: 'server' };
  if (error.kind === 'network') return { kind: 'offline' };
  const { field, message } = errorOf(error);
  switch (error.status) {
    case 400:
      return { kind: 'field', field: field ?? 'body', message: message ?? '' };
    case 403:
      return { kind: 'forbidden' };
    case 404:
    case 409:
      return { kind: 'stale' };
    default:
      return { kind: 'server' };
  }
}

/** The draft field a server's 400 is about, or null for the form as a whole. */
export function draftFieldOf(field: string): DraftField | null {
  const head = field.split('.')[0];
  const fields: readonly string[] = ['from', 'to', 'contractId', 'engineerId', 'managerId', 'note'];
  return head !== undefined && fields.includes(head) ? (head as DraftField) : null;
}

export function failureMessage(failure: Failure): DutyKey | null {
  switch (failure.kind) {
    case 'stale':
      return 'duty.error.stale';
    case 'forbidden':
      return 'duty.error.forbidden';
    case 'offline':
      return 'duty.error.offline';
    case 'server':
      return 'duty.error.server';
    default:
      return null;
  }
}

/** A calendar day `days` after a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today in China Standard Time (the desk's zone), `YYYY-MM-DD`. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The period shown at first: from a week ago to three months ahead. */
export function defaultRange(today: string): { from: string; to: string } {
  return { from: addDays(today, -7), to: addDays(today, 90) };
}

/** Entries by first day, then last day. */
export function sortEntries(entries: readonly DutyView[]): DutyView[] {
  return [...entries].sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.dutyId.localeCompare(b.dutyId),
  );
}

/** `2026-10-01 – 2026-10-07`, or one day alone. */
export const datesOf = (entry: { from: string; to: string }): string =>
  entry.from === entry.to ? entry.from : `${entry.from} – ${entry.to}`;
