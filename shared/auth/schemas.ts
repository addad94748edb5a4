/**
 * Request bodies of sign-in and the staff roster. Phone numbers are normalised to E.164; numbers
 * without a country code are read as mainland Chinese (the users are in mainland China).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import * as z from 'zod';
import { SIGN_IN_LIMITS } from './limits.ts';
import { STAFF_ROLES } from './roles.ts';

/** Reasons of our own checks; ./validation.ts words them in the caller's language. */
export type CustomReason = 'phone' | 'code' | 'token';

function custom(reason: CustomReason) {
  return { code: 'custom' as const, params: { reason } };
}

export const PhoneSchema = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    const parsed = parsePhoneNumberFromString(raw.trim(), 'CN');
    if (parsed === undefined || !parsed.isValid()) {
      ctx.issues.push({ ...custom('phone'), input: raw });
      return z.NEVER;
    }
    return parsed.number;
  });

export const CodeSchema = z
  .string()
  .refine((value) => new RegExp(`^[0-9]{${SIGN_IN_LIMITS.codeDigits}}$`).test(value), custom('code'));

/** Opaque tokens are 43 characters of base64url (32 random bytes). */
export const OpaqueTokenSchema = z
  .string()
  .refine((value) => /^[A-Za-z0-9_-]{43}$/.test(value), custom('token'));

export const RequestCodeBodySchema = z.strictObject({ phone: PhoneSchema });
export type RequestCodeBody = z.infer<typeof RequestCodeBodySchema>;

export const VerifyCodeBodySchema = z.strictObject({ phone: PhoneSchema, code: CodeSchema });
export type VerifyCodeBody = z.infer<typeof VerifyCodeBodySchema>;

export const RefreshBodySchema = z.strictObject({ refreshToken: OpaqueTokenSchema });
export type RefreshBody = z.infer<typeof RefreshBodySchema>;

export const SignOutBodySchema = RefreshBodySchema;
export type SignOutBody = RefreshBody;

export const StaffRoleSchema = z.enum(STAFF_ROLES);

export const NewStaffSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  phone: PhoneSchema,
  roles: z.array(StaffRoleSchema).min(1).max(STAFF_ROLES.length),
  companyId: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .default('default'),
});
export type NewStaff = z.infer<typeof NewStaffSchema>;

/** An opaque id in a path or query: what ids we issue look like, nothing else reaches the store. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const SessionsQuerySchema = z.strictObject({ staffId: IdSchema });

export const AuditQuerySchema = z.union([
  z.strictObject({ entity: z.string().regex(/^[a-z][a-zA-Z]{1,30}$/), id: IdSchema }),
  z.strictObject({ contractId: IdSchema }),
]);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
