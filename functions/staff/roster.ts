/**
 * Changes to the roster by an admin: one member's name, phone, roles and active flag, in one
 * transaction with everything that must change with them.
 *
 *   staff item            conditioned on the version the admin read (stale → 409)
 *   phone claims          a new number: the old claim deleted, the new one created (taken → 409)
 *   another active admin  when the change would take the company's admin away from this member: a
 *                         condition that one other active admin stays as read, so two admins demoting
 *                         each other at the same moment cannot both succeed (none left → 409)
 *   session families      a deactivation, or a role taken away, revokes every live session of the
 *                         member (tokens carry roles), each with its record
 *   audit records         one for the member, one per revoked session
 *
 * Sessions beyond what fits in one transaction, and any started while the change was on its way, are
 * revoked right after the commit, in the same request.
 */
import type { StaffRole } from '../../shared/auth/roles.ts';
import type { RosterConflict } from '../../shared/auth/schemas.ts';
import { listSessionsOfStaff, revokeSession, type SessionFamily } from '../auth/sessions.ts';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../store/audit.ts';
import { markStored, type Stored } from '../store/provenance.ts';
import { getStaff, listStaffOfCompany, type StaffMember, saveStaffChange } from '../store/staff.ts';

/** A roster change refused because of the table's state; `field` is the request field it concerns. */
export class RosterConflictError extends AppError {
  constructor(
    readonly reason: RosterConflict,
    field?: string,
  ) {
    super('conflict', reason, field);
  }
}

export interface StaffChanges {
  name: string;
  phone: string;
  roles: readonly StaffRole[];
  active: boolean;
}

export interface StaffUpdate {
  /** The member as read just now (consistent read). */
  current: StaffMember;
  next: StaffChanges;
  expectedVersion: number;
  actor: Actor;
  now: Date;
}

export interface StaffUpdateResult {
  member: Stored<StaffMember>;
  /** Session families this change revoked (in the transaction and after it). */
  revokedSessions: number;
}

/**
 * DynamoDB takes at most 100 items per transaction. The member, two phone claims, one admin check and
 * the member's record take 5; each session two more (the family and its record).
 */
export const SESSIONS_PER_TRANSACTION = 40;

const ATTEMPTS = 3;

const isAdmin = (member: { active: boolean; roles: readonly StaffRole[] }) =>
  member.active && member.roles.includes('admin');

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function isLive(family: SessionFamily, now: Date): boolean {
  return (
    family.revokedAt === undefined && (family.expiresAt === undefined || family.expiresAt > seconds(now))
  );
}

/** The live session families of a member. */
export async function liveSessionsOf(staffId: string, now: Date): Promise<SessionFamily[]> {
  return (await listSessionsOfStaff(staffId)).filter((family) => isLive(family, now));
}

/**
 * Another active admin of the company than `staffId`, as a consistent read (the company index is
 * eventually consistent: it may still list a member demoted a moment ago).
 */
async function anotherActiveAdmin(companyId: string, staffId: string): Promise<StaffMember | undefined> {
  const candidates = (await listStaffOfCompany(companyId)).filter(
    (member) => member.staffId !== staffId && isAdmin(member),
  );
  for (const candidate of candidates) {
    const fresh = await getStaff(candidate.staffId);
    if (fresh !== undefined && fresh.companyId === companyId && isAdmin(fresh)) return fresh;
  }
  return undefined;
}

function sameRoles(a: readonly StaffRole[], b: readonly StaffRole[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** Applies an admin's change to a member; see the module comment. */
export async function updateStaff(update: StaffUpdate): Promise<StaffUpdateResult> {
  const { current, next, expectedVersion, actor, now } = update;
  if (expectedVersion !== current.version) throw new RosterConflictError('stale', 'expectedVersion');
  const unchanged =
    next.name === current.name &&
    next.phone === current.phone &&
    next.active === current.active &&
    sameRoles(next.roles, current.roles);
  if (unchanged) return { member: markStored({ ...current }), revokedSessions: 0 };

  // A role taken away must stop at once too: access tokens carry the roles, so the member's sessions
  // end and the next sign-in issues tokens with the roles as they are now.
  const losesRole = current.roles.some((role) => !next.roles.includes(role));
  const endsSessions = (current.active && !next.active) || (current.active && losesRole);
  const losesAdmin = isAdmin(current) && !isAdmin(next);

  let revokedInTransaction = 0;
  let committed: StaffMember | undefined;
  for (let attempt = 1; committed === undefined; attempt++) {
    const keeper = losesAdmin ? await anotherActiveAdmin(current.companyId, current.staffId) : undefined;
    if (losesAdmin && keeper === undefined) {
      throw new RosterConflictError('last-admin', next.active ? 'roles' : 'active');
    }
    const sessions = endsSessions
      ? (await liveSessionsOf(current.staffId, now)).slice(0, SESSIONS_PER_TRANSACTION)
      : [];
    const outcome = await commitUpdate(update, keeper, sessions);
    if (outcome.ok) {
      committed = outcome.member;
      revokedInTransaction = sessions.length;
    } else if (outcome.reason !== 'retry') {
      throw new RosterConflictError(
        outcome.reason,
        outcome.reason === 'phone-taken' ? 'phone' : 'expectedVersion',
      );
    } else if (attempt >= ATTEMPTS) {
      throw new RosterConflictError('stale', 'expectedVersion');
    }
  }

  let revokedAfter = 0;
  if (endsSessions) {
    // Sessions that did not fit, or that a sign-in in flight started while the change committed.
    for (const family of await liveSessionsOf(current.staffId, now)) {
      await revokeSession(family, 'admin', actor, now);
      revokedAfter++;
    }
  }
  return { member: markStored(committed), revokedSessions: revokedInTransaction + revokedAfter };
}

type Outcome = { ok: true; member: StaffMember } | { ok: false; reason: 'stale' | 'phone-taken' | 'retry' };

async function commitUpdate(
  { current, next, expectedVersion, actor, now }: StaffUpdate,
  keeper: StaffMember | undefined,
  sessions: readonly SessionFamily[],
): Promise<Outcome> {
  const at = now.toISOString();
  const roles = [...next.roles];
  const member: StaffMember = {
    ...current,
    name: next.name,
    phone: next.phone,
    roles,
    active: next.active,
    updatedAt: at,
    version: expectedVersion + 1,
  };
  const action = current.active === next.active ? 'update' : next.active ? 'reactivate' : 'deactivate';
  const saved = await saveStaffChange({
    before: current,
    after: member,
    expectedVersion,
    action,
    keeper,
    sessions,
    actor,
    now,
  });
  switch (saved) {
    case 'saved':
      return { ok: true, member };
    case 'member-changed':
      return { ok: false, reason: 'stale' };
    case 'phone-claimed':
      return { ok: false, reason: 'phone-taken' };
    case 'raced':
      // Another admin or a session changed meanwhile, or a transaction touching the same items raced
      // this one: read again and decide again.
      return { ok: false, reason: 'retry' };
  }
}
