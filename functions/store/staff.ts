/**
 * The staff roster: engineers, dispatchers, supervisors and admins. A phone number belongs to at most
 * one staff member: the member and its phone claim are written in one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { NewStaff } from '../../shared/auth/schemas.ts';
import { type Actor, assertCommitted, auditItem } from './audit.ts';
import { identity, phoneClaim, type StaffItem, staff } from './entities.ts';
import { markStored, type Stored } from './provenance.ts';

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
