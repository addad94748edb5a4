import { STAFF_ROLES, type StaffRole } from '../../../shared/auth/roles.ts';
import { type RequestOptions, requestJson, requestNoContent } from './client';

/** The signed-in staff member, as /api/auth/verify and /api/auth/refresh describe them. */
export interface StaffProfile {
  id: string;
  name: string;
  roles: StaffRole[];
  companyId: string;
}

export interface Tokens {
  accessToken: string;
  /** Seconds from the answer. */
  expiresIn: number;
  refreshToken: string;
  staff: StaffProfile;
}

export interface CodeAccepted {
  resendAfterSeconds: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

export function parseTokens(body: unknown): Tokens {
  if (!isRecord(body) || !isRecord(body.staff)) throw new TypeError('tokens: not an object');
  const { accessToken, expiresIn, refreshToken, tokenType } = body;
  const { id, name, roles, companyId } = body.staff;
  if (
    tokenType !== 'Bearer' ||
    typeof accessToken !== 'string' ||
    typeof refreshToken !== 'string' ||
    typeof expiresIn !== 'number' ||
    !(expiresIn > 0) ||
    typeof id !== 'string' ||
    typeof name !== 'string' ||
    typeof companyId !== 'string' ||
    !Array.isArray(roles)
  ) {
    throw new TypeError('tokens: unexpected fields');
  }
  // A role this version does not know yet is left out rather than failing the sign-in.
  return {
    accessToken,
    expiresIn,
    refreshToken,
    staff: { id, name, companyId, roles: roles.filter(isRole) },
  };
}

export function parseCodeAccepted(body: unknown): CodeAccepted {
  if (!isRecord(body) || body.accepted !== true) throw new TypeError('code: not accepted');
  const seconds = body.resendAfterSeconds;
  return { resendAfterSeconds: typeof seconds === 'number' && seconds >= 0 ? seconds : 60 };
}

/** Asks for a sign-in code by SMS. The answer is the same whether or not the number is on the roster. */
export function requestCode(phone: string, options: RequestOptions = {}): Promise<CodeAccepted> {
  return requestJson('/auth/code', parseCodeAccepted, { ...options, method: 'POST', body: { phone } });
}

export function verifyCode(phone: string, code: string, options: RequestOptions = {}): Promise<Tokens> {
  return requestJson('/auth/verify', parseTokens, { ...options, method: 'POST', body: { phone, code } });
}

/** Trades a refresh token for new tokens; the old refresh token is spent, even if the answer is lost. */
export function refreshTokens(refreshToken: string, options: RequestOptions = {}): Promise<Tokens> {
  return requestJson('/auth/refresh', parseTokens, { ...options, method: 'POST', body: { refreshToken } });
}

export function signOut(refreshToken: string, options: RequestOptions = {}): Promise<void> {
  return requestNoContent('/auth/sign-out', { ...options, method: 'POST', body: { refreshToken } });
}
