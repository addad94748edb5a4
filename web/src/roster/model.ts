/**
 * The roster page's rules, kept pure: drafts of a member, what a save sends, what an answer means,
 * and how sessions and phone numbers read.
 */
import { STAFF_ROLES, type StaffRole } from '../../../shared/auth/roles.ts';
import type {
  SessionView,
  StaffCreateBody,
  StaffUpdateBody,
  StaffView,
} from '../../../shared/auth/schemas.ts';
import { ApiError, errorOf } from '../api/client';
import type { RosterKey } from './i18n.zh-CN';

export interface Draft {
  name: string;
  phone: string;
  roles: StaffRole[];
  active: boolean;
}

export type DraftField = 'name' | 'phone' | 'roles' | 'active';

export const emptyDraft = (): Draft => ({ name: '', phone: '', roles: [], active: true });

export const draftOf = (member: StaffView): Draft => ({
  name: member.name,
  phone: member.phone,
  roles: [...member.roles],
  active: member.active,
});

/** Toggles a role, keeping the roles in their canonical order. */
export function withRole(roles: readonly StaffRole[], role: StaffRole, on: boolean): StaffRole[] {
  return STAFF_ROLES.filter((r) => (r === role ? on : roles.includes(r)));
}

/** What the browser can tell before asking the server (which checks the rest, the phone's format too). */
export function checkDraft(draft: Draft): Partial<Record<DraftField, RosterKey>> {
  const errors: Partial<Record<DraftField, RosterKey>> = {};
  if (draft.name.trim() === '') errors.name = 'roster.error.nameMissing';
  if (draft.phone.trim() === '') errors.phone = 'roster.error.phoneMissing';
  if (draft.roles.length === 0) errors.roles = 'roster.error.rolesMissing';
  return errors;
}

export const createBody = (draft: Draft): StaffCreateBody => ({
  name: draft.name.trim(),
  phone: draft.phone.trim(),
  roles: [...draft.roles],
});

export const updateBody = (draft: Draft, version: number): StaffUpdateBody => ({
  name: draft.name.trim(),
  phone: draft.phone.trim(),
  roles: [...draft.roles],
  active: draft.active,
  expectedVersion: version,
});

/** Whether saving the draft would change anything (a number typed differently still counts). */
export function isDirty(member: StaffView, draft: Draft): boolean {
  return (
    member.name !== draft.name.trim() ||
    member.phone !== draft.phone.trim() ||
    member.active !== draft.active ||
    member.roles.length !== draft.roles.length ||
    member.roles.some((role) => !draft.roles.includes(role))
  );
}

/** A save that deactivates asks first: the member is signed out everywhere at once. */
export const deactivates = (member: StaffView, draft: Draft): boolean => member.active && !draft.active;

/** What the signed-in admin may not do to their own entry (the server refuses it too). */
export function selfLocks(member: StaffView, selfId: string | undefined) {
  const self = member.staffId === selfId;
  return { self, admin: self && member.roles.includes('admin'), active: self };
}

/** Active members first, then by name in the page's language. */
export function sortRoster(staff: readonly StaffView[], locale: string): StaffView[] {
  const collator = new Intl.Collator(locale);
  return [...staff].sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      collator.compare(a.name, b.name) ||
      a.staffId.localeCompare(b.staffId),
  );
}

export type Failure =
  | { kind: 'field'; field: string; message: string }
  | { kind: 'stale' }
  | { kind: 'phone-taken' }
  | { kind: 'last-admin'; field: string }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'offline' }
  | { kind: 'server' };

/** What a failed roster request means for the page. */
export function failureOf(error: unknown): Failure {
  if (!(error instanceof ApiError)) return { kind: 'server' };
  if (error.kind === 'network') return { kind: 'offline' };
  const { field, message } = errorOf(error);
  const reason = (error.body as { error?: { reason?: unknown } } | undefined)?.error?.reason;
  switch (error.status) {
    case 400:
      return { kind: 'field', field: field ?? 'body', message: message ?? '' };
    case 403:
      return { kind: 'forbidden' };
    case 404:
      return { kind: 'not-found' };
    case 409:
      if (reason === 'phone-taken') return { kind: 'phone-taken' };
      if (reason === 'last-admin') return { kind: 'last-admin', field: field ?? 'roles' };
      return { kind: 'stale' };
    default:
      return { kind: 'server' };
  }
}

/** The draft field a server's 400 is about (`roles.0` is the roles), or null for the form as a whole. */
export function draftFieldOf(field: string): DraftField | null {
  const head = field.split('.')[0];
  return head === 'name' || head === 'phone' || head === 'roles' || head === 'active' ? head : null;
}

/** The message of a failure that is not about one field. */
export function failureMessage(failure: Failure): RosterKey | null {
  switch (failure.kind) {
    case 'stale':
      return 'roster.error.stale';
    case 'phone-taken':
      return 'roster.error.phoneTaken';
    case 'last-admin':
      return 'roster.error.lastAdmin';
    case 'forbidden':
      return 'roster.error.forbidden';
    case 'not-found':
      return 'roster.error.notFound';
    case 'offline':
      return 'roster.error.offline';
    case 'server':
      return 'roster.error.server';
    case 'field':
      return null;
  }
}

/** Refresh tokens last 30 days from their last use; a session unused for longer has expired. */
export const SESSION_DAYS = 30;

export type SessionStatus = 'live' | 'revoked' | 'expired';

export function sessionStatus(session: SessionView, now: number): SessionStatus {
  if (session.revokedAt !== null) return 'revoked';
  const last = Date.parse(session.lastRefreshAt ?? session.createdAt);
  return Number.isNaN(last) || last + SESSION_DAYS * 86_400_000 > now ? 'live' : 'expired';
}

export const lastUsed = (session: SessionView): string => session.lastRefreshAt ?? session.createdAt;

/** Live sessions first, each group newest first. */
export function sortSessions(sessions: readonly SessionView[], now: number): SessionView[] {
  const rank = (s: SessionView) => (sessionStatus(s, now) === 'live' ? 0 : 1);
  return [...sessions].sort((a, b) => rank(a) - rank(b) || lastUsed(b).localeCompare(lastUsed(a)));
}

/** A short name for the device of a session, from its User-Agent: browser and system. */
export function deviceOf(userAgent: string | null): string | null {
  if (userAgent === null || userAgent.trim() === '') return null;
  const ua = userAgent;
  const browser = /MicroMessenger/i.test(ua)
    ? 'WeChat'
    : /EdgA?\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /(Chrome|CriOS)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const parts = [browser, system].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : ua.slice(0, 40);
}

/** `+8613912345678` → `+86 139 1234 5678`; other numbers as stored. */
export function displayPhone(phone: string): string {
  const mainland = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  return mainland === null ? phone : `+86 ${mainland[1]} ${mainland[2]} ${mainland[3]}`;
}

/**
 * A staff request answered 204 reaches the client as "not JSON" (the JSON helpers expect a body);
 * for a route that answers with no content that is the success.
 */
export function acceptNoContent(error: unknown): void {
  if (error instanceof ApiError && error.kind === 'invalid' && error.status === 204) return;
  throw error;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant in China Standard Time, in the page's language. */
export function formatTime(iso: string, locale: string): string {
  let format = timeFormats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(locale, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}
