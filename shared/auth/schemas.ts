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

// --- Roster administration (desk, admin) -------------------------------------------------------------

export const StaffNameSchema = z.string().trim().min(1).max(60);

/** One or more roles; a role named twice counts once. */
export const StaffRolesSchema = z
  .array(StaffRoleSchema)
  .min(1)
  .max(STAFF_ROLES.length * 2)
  .transform((roles) => STAFF_ROLES.filter((role) => roles.includes(role)));

/** `POST /api/desk/staff`: the member joins the caller's company, active. */
export const StaffCreateBodySchema = z.strictObject({
  name: StaffNameSchema,
  phone: PhoneSchema,
  roles: StaffRolesSchema,
});
export type StaffCreateBody = z.infer<typeof StaffCreateBodySchema>;

/** The `version` of an object as it was read; a change against an older one is a 409. */
export const StaffVersionSchema = z.int().min(1);

/** `PUT /api/desk/staff/:staffId`: the whole member as it should be, and the version it was read at. */
export const StaffUpdateBodySchema = z.strictObject({
  name: StaffNameSchema,
  phone: PhoneSchema,
  roles: StaffRolesSchema,
  active: z.boolean(),
  expectedVersion: StaffVersionSchema,
});
export type StaffUpdateBody = z.infer<typeof StaffUpdateBodySchema>;

/** A roster member as the desk sees it. */
export const StaffViewSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  phone: z.string(),
  roles: z.array(StaffRoleSchema),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export type StaffView = z.infer<typeof StaffViewSchema>;

/** `PUT` answer: the member, and the sessions a deactivation ended. */
export const StaffUpdatedSchema = z.object({
  staff: StaffViewSchema,
  revokedSessions: z.int().min(0),
});
export type StaffUpdated = z.infer<typeof StaffUpdatedSchema>;

/** `GET /api/desk/roster`: every member of the caller's company, active or not. */
export const RosterSchema = z.object({ staff: z.array(StaffViewSchema) });
export type Roster = z.infer<typeof RosterSchema>;

/** Why a roster change was refused with 409 (`error.reason`). */
export const ROSTER_CONFLICTS = ['stale', 'phone-taken', 'last-admin'] as const;
export type RosterConflict = (typeof ROSTER_CONFLICTS)[number];

/** `GET /api/desk/sessions?staffId=`. */
export const SessionViewSchema = z.object({
  sessionId: z.string(),
  staffId: z.string(),
  createdAt: z.string(),
  lastRefreshAt: z.string().nullable(),
  userAgent: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;
export const SessionListSchema = z.object({ sessions: z.array(SessionViewSchema) });

/** `GET /api/desk/audit`: one change, who made it, and each changed field before and after. */
export const AuditRecordViewSchema = z.object({
  at: z.string(),
  entity: z.string(),
  id: z.string(),
  action: z.string(),
  actor: z.object({ kind: z.string(), id: z.string() }),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  contractId: z.string().optional(),
});
export type AuditRecordView = z.infer<typeof AuditRecordViewSchema>;
export const AuditListSchema = z.object({ records: z.array(AuditRecordViewSchema) });
