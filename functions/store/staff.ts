/**
 * The staff roster: engineers, dispatchers, supervisors and admins. A phone number belongs to at most
 * one staff member: the member and its phone claim are written in one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { NewStaff } from '../../shared/auth/schemas.ts';
import { type Actor, assertCommitted, auditItem } from './audit.ts';
import { identity, phoneClaim, type SessionFamilyItem, type StaffItem, staff } from './entities.ts';
import { markStored, type Stored } from './provenance.ts';
import { familyRevokedAudit } from './sessions.ts';

export type StaffMember = StaffItem;

export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Creates a staff member; `conflict` if the phone number is on the roster already. */
export async function createStaff(input: NewStaff, actor: Actor, now: Date): Promise<Stored<StaffMember>> {
  const at = now.toISOString();
  const member: StaffMember = {
    staffId: newId(),
    companyId: input.companyId,
    name: input.name,
    phone: input.phone,
    roles: [...new Set(input.roles)],
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const result = await identity.transaction
    .write(({ staff: staffEntity, phoneClaim: claim, auditRecord }) => [
      staffEntity.create(member).commit(),
      claim.create({ phone: member.phone, staffId: member.staffId }).commit(),
      auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'staff',
            entityId: member.staffId,
            action: 'create',
            companyId: member.companyId,
            after: member,
          }),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
  return markStored(member);
}

export async function getStaff(staffId: string): Promise<Stored<StaffMember> | undefined> {
  const { data } = await staff.get({ staffId }).go({ consistent: true });
  return data === null ? undefined : markStored(data);
}

/** The staff member holding a phone number (E.164), through the phone claim: a consistent read. */
export async function findStaffByPhone(phone: string): Promise<Stored<StaffMember> | undefined> {
  const { data } = await phoneClaim.get({ phone }).go({ consistent: true });
  if (data === null) return undefined;
  return getStaff(data.staffId);
}

/** The roster of a company. */
export async function listStaffOfCompany(companyId: string): Promise<Stored<StaffMember>[]> {
  const { data } = await staff.query.byCompany({ companyId }).go({ pages: 'all' });
  return data.map((member) => markStored(member));
}

/** How a roster change's transaction ended; `raced` when some other item changed meanwhile. */
export type StaffChangeOutcome = 'saved' | 'member-changed' | 'phone-claimed' | 'raced';

/**
 * Writes an admin's change to a member in one transaction (functions/staff/roster.ts decides what it
 * takes): the member conditioned on the version read; a new number's claim moved; another admin
 * checked as read; each live session given revoked by an admin; a record for the member and one per
 * session.
 */
export async function saveStaffChange(input: {
  before: StaffMember;
  after: StaffMember;
  expectedVersion: number;
  /** The audit action of the member's record. */
  action: string;
  /** Another active admin that must stay as read. */
  keeper: StaffMember | undefined;
  sessions: readonly SessionFamilyItem[];
  actor: Actor;
  now: Date;
}): Promise<StaffChangeOutcome> {
  const { before: current, after: member, expectedVersion, action, keeper, sessions, actor, now } = input;
  const at = now.toISOString();
  const phoneChanged = member.phone !== current.phone;
  const recorded = (m: StaffMember) => ({ name: m.name, phone: m.phone, roles: m.roles, active: m.active });

  // Indexes of the items whose failed condition says why the transaction was cancelled.
  const STAFF = 0;
  const NEW_CLAIM = 2;
  const result = await identity.transaction
    .write(({ staff: members, phoneClaim: claims, sessionFamily, auditRecord }) => [
      members
        .patch({ staffId: current.staffId })
        .set({
          name: member.name,
          phone: member.phone,
          roles: member.roles,
          active: member.active,
          updatedAt: member.updatedAt,
          version: member.version,
        })
        .where(({ version }, { eq }) => eq(version, expectedVersion))
        .commit(),
      ...(phoneChanged
        ? [
            claims
              .delete({ phone: current.phone })
              .where(({ staffId }, { eq }) => eq(staffId, current.staffId))
              .commit(),
            claims.create({ phone: member.phone, staffId: current.staffId }).commit(),
          ]
        : []),
      ...(keeper === undefined
        ? []
        : [
            members
              .check({ staffId: keeper.staffId })
              .where(({ version }, { eq }) => eq(version, keeper.version))
              .commit(),
          ]),
      auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'staff',
            entityId: current.staffId,
            action,
            companyId: current.companyId,
            before: recorded(current),
            after: recorded(member),
          }),
        )
        .commit(),
      ...sessions.flatMap((family) => [
        sessionFamily
          .patch({ sessionId: family.sessionId })
          .set({ revokedAt: at, revokedReason: 'admin' })
          .add({ version: 1 })
          .where(({ revokedAt }, { notExists }) => notExists(revokedAt))
          .commit(),
        auditRecord.put(auditItem(familyRevokedAudit(family, 'admin', actor, now))).commit(),
      ]),
    ])
    .go();
  if (!result.canceled) return 'saved';

  const codes = result.data.map((entry) => entry.code);
  const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
  if (failed(STAFF)) return 'member-changed';
  if (phoneChanged && failed(NEW_CLAIM)) return 'phone-claimed';
  if (
    codes.every(
      (code) => code === 'None' || code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
    )
  ) {
    // Another admin or a session changed meanwhile, or a transaction touching the same items raced
    // this one.
    return 'raced';
  }
  throw new Error(`transaction cancelled: ${JSON.stringify(codes)}`);
}
