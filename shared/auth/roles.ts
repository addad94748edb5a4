/**
 * Who can be signed in, and what a signed-in caller is. Pure data: the guard in functions/auth/ and
 * the object rules in ./policy.ts both read these.
 */
export const STAFF_ROLES = ['engineer', 'dispatcher', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles that work at the desk; they reach all data of their own company. */
export const DESK_ROLES: readonly StaffRole[] = ['dispatcher', 'supervisor', 'admin'];

/** A staff member signed in with an access token. */
export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  companyId: string;
  roles: readonly StaffRole[];
  /** The session family the access token belongs to; revoking it ends the token's use at once. */
  sessionId: string;
}

/** A customer holding a contract or ticket link (no account). */
export interface LinkPrincipal {
  kind: 'link';
  linkId: string;
  companyId: string;
  contractId: string;
  /** Set when the link reaches one ticket only (a status link), not the whole contract. */
  ticketId?: string;
}

export type Principal = StaffPrincipal | LinkPrincipal;
