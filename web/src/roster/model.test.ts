import { describe, expect, it } from 'vitest';
import type { SessionView, StaffView } from '../../../shared/auth/schemas.ts';
import { ApiError } from '../api/client';
import {
  acceptNoContent,
  checkDraft,
  deactivates,
  deviceOf,
  displayPhone,
  draftFieldOf,
  draftOf,
  failureMessage,
  failureOf,
  isDirty,
  selfLocks,
  sessionStatus,
  sortRoster,
  sortSessions,
  updateBody,
  withRole,
} from './model';

const member = (over: Partial<StaffView> = {}): StaffView => ({
  staffId: 's1',
  name: 'Li Na',
  phone: '+8613912345678',
  roles: ['engineer'],
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  version: 3,
  ...over,
});

const httpError = (status: number, error: Record<string, unknown>) =>
  new ApiError('http', `HTTP ${status}`, status, { error });

describe('a member draft', () => {
  it('starts from the member and sends the whole member with the version read', () => {
    const draft = { ...draftOf(member()), name: '  Li Na (PM) ' };
    expect(updateBody(draft, 3)).toEqual({
      name: 'Li Na (PM)',
      phone: '+8613912345678',
      roles: ['engineer'],
      active: true,
      expectedVersion: 3,
    });
  });

  it('keeps roles in their canonical order', () => {
    expect(withRole(['admin'], 'engineer', true)).toEqual(['engineer', 'admin']);
    expect(withRole(['engineer', 'admin'], 'admin', false)).toEqual(['engineer']);
  });

  it('asks for a name, a number and a role before it asks the server', () => {
    expect(checkDraft({ name: ' ', phone: '', roles: [], active: true })).toEqual({
      name: 'roster.error.nameMissing',
      phone: 'roster.error.phoneMissing',
      roles: 'roster.error.rolesMissing',
    });
    expect(checkDraft(draftOf(member()))).toEqual({});
  });

  it('knows when nothing changed, and when a save deactivates', () => {
    const m = member({ roles: ['engineer', 'dispatcher'] });
    expect(isDirty(m, { ...draftOf(m), roles: ['dispatcher', 'engineer'] })).toBe(false);
    expect(isDirty(m, { ...draftOf(m), name: 'Li Na ' })).toBe(false);
    expect(isDirty(m, { ...draftOf(m), phone: '13912345678' })).toBe(true);
    expect(deactivates(m, { ...draftOf(m), active: false })).toBe(true);
    expect(deactivates(member({ active: false }), { ...draftOf(m), active: false })).toBe(false);
  });

  it('locks the admin role and the active switch on the admin’s own entry', () => {
    expect(selfLocks(member({ roles: ['admin'] }), 's1')).toEqual({ self: true, admin: true, active: true });
    expect(selfLocks(member({ roles: ['admin'] }), 'other')).toEqual({
      self: false,
      admin: false,
      active: false,
    });
  });
});

describe('what an answer means', () => {
  it('ties a 400 to its field', () => {
    expect(
      failureOf(httpError(400, { code: 'bad_request', field: 'roles.0', message: 'roles.0: bad' })),
    ).toEqual({
      kind: 'field',
      field: 'roles.0',
      message: 'roles.0: bad',
    });
    expect(draftFieldOf('roles.0')).toBe('roles');
    expect(draftFieldOf('expectedVersion')).toBeNull();
  });

  it('tells the three conflicts apart', () => {
    expect(failureOf(httpError(409, { code: 'conflict', reason: 'phone-taken', field: 'phone' }))).toEqual({
      kind: 'phone-taken',
    });
    expect(failureOf(httpError(409, { code: 'conflict', reason: 'last-admin', field: 'active' }))).toEqual({
      kind: 'last-admin',
      field: 'active',
    });
    expect(failureOf(httpError(409, { code: 'conflict', reason: 'stale' }))).toEqual({ kind: 'stale' });
    expect(failureOf(httpError(409, { code: 'conflict' }))).toEqual({ kind: 'stale' });
    expect(failureMessage({ kind: 'stale' })).toBe('roster.error.stale');
  });

  it('reads no connection, refusal, absence and faults', () => {
    expect(failureOf(new ApiError('network', 'x'))).toEqual({ kind: 'offline' });
    expect(failureOf(httpError(403, { code: 'forbidden' }))).toEqual({ kind: 'forbidden' });
    expect(failureOf(httpError(404, { code: 'not_found' }))).toEqual({ kind: 'not-found' });
    expect(failureOf(httpError(500, { code: 'internal' }))).toEqual({ kind: 'server' });
    expect(failureOf(new Error('x'))).toEqual({ kind: 'server' });
  });

  it('takes a 204 as the success of a route with no content, and nothing else', () => {
    expect(() => acceptNoContent(new ApiError('invalid', 'not JSON', 204))).not.toThrow();
    expect(() => acceptNoContent(new ApiError('invalid', 'not JSON', 200))).toThrow();
    expect(() => acceptNoContent(httpError(404, {}))).toThrow();
  });
});

describe('the roster and its sessions', () => {
  it('lists active members first, then by name', () => {
    const sorted = sortRoster(
      [
        member({ staffId: 'a', name: 'Zhou', active: false }),
        member({ staffId: 'b', name: 'Wang' }),
        member({ staffId: 'c', name: 'Chen' }),
      ],
      'en',
    );
    expect(sorted.map((m) => m.staffId)).toEqual(['c', 'b', 'a']);
  });

  const session = (over: Partial<SessionView> = {}): SessionView => ({
    sessionId: 'x',
    staffId: 's1',
    createdAt: '2026-11-01T00:00:00.000Z',
    lastRefreshAt: null,
    userAgent: null,
    revokedAt: null,
    revokedReason: null,
    ...over,
  });
  const now = Date.parse('2026-11-20T00:00:00.000Z');

  it('tells live, revoked and expired sessions apart', () => {
    expect(sessionStatus(session(), now)).toBe('live');
    expect(sessionStatus(session({ revokedAt: '2026-11-02T00:00:00.000Z' }), now)).toBe('revoked');
    expect(sessionStatus(session({ createdAt: '2026-10-01T00:00:00.000Z' }), now)).toBe('expired');
    expect(
      sessionStatus(
        session({ createdAt: '2026-10-01T00:00:00.000Z', lastRefreshAt: '2026-11-19T00:00:00.000Z' }),
        now,
      ),
    ).toBe('live');
  });

  it('lists live sessions first, newest use first', () => {
    const sorted = sortSessions(
      [
        session({ sessionId: 'old-live' }),
        session({
          sessionId: 'revoked',
          revokedAt: '2026-11-19T00:00:00.000Z',
          createdAt: '2026-11-19T00:00:00.000Z',
        }),
        session({ sessionId: 'new-live', lastRefreshAt: '2026-11-18T00:00:00.000Z' }),
      ],
      now,
    );
    expect(sorted.map((s) => s.sessionId)).toEqual(['new-live', 'old-live', 'revoked']);
  });

  it('names devices by browser and system', () => {
    expect(
      deviceOf(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iOS');
    expect(
      deviceOf(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36',
      ),
    ).toBe('Chrome · Android');
    expect(deviceOf('Mozilla/5.0 (Windows NT 10.0) ... MicroMessenger/8.0 Chrome/120 Safari/537.36')).toBe(
      'WeChat · Windows',
    );
    expect(deviceOf('curl/8.0')).toBe('curl/8.0');
    expect(deviceOf(null)).toBeNull();
  });

  it('groups mainland mobile numbers for reading', () => {
    expect(displayPhone('+8613912345678')).toBe('+86 139 1234 5678');
    expect(displayPhone('+14155550123')).toBe('+14155550123');
  });
});
