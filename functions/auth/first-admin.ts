/**
 * The first admin: someone has to be on the roster before anyone can sign in. `npm run admin -- create`
 * (functions/cli/admin.ts) calls this against TABLE_NAME / DYNAMODB_ENDPOINT; the local runtime calls
 * `ensureFirstAdmin` at start from its environment. Idempotent per phone number.
 */
import { NewStaffSchema } from '../../shared/auth/schemas.ts';
import { validate } from '../../shared/auth/validation.ts';
import { createStaff, findStaffByPhone, type StaffMember } from '../store/staff.ts';

export interface FirstAdminInput {
  name: string;
  phone: string;
  companyId?: string;
}

export class FirstAdminError extends Error {
  override name = 'FirstAdminError';
}

/**
 * Creates an admin with this phone number unless the number is on the roster already (then nothing
 * changes; `created: false` and the existing member, whatever its roles).
 */
export async function ensureFirstAdmin(
  input: FirstAdminInput,
  now: Date = new Date(),
): Promise<{ created: boolean; staff: StaffMember }> {
  const parsed = validate(
    NewStaffSchema,
    { name: input.name, phone: input.phone, roles: ['admin'], companyId: input.companyId ?? 'default' },
    'en',
  );
  if (!parsed.ok) throw new FirstAdminError(parsed.message);
  const existing = await findStaffByPhone(parsed.data.phone);
  if (existing !== undefined) return { created: false, staff: existing };
  const staff = await createStaff(parsed.data, { kind: 'admin-cli', id: 'first-admin' }, now);
  return { created: true, staff };
}
