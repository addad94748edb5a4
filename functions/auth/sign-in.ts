/**
 * Sign-in by SMS code, for active staff only.
 *
 * requestCode answers the same whatever happens to the number (unknown, inactive, cooling down, over
 * its daily cap, SMS failure): the route answers 202 after the same minimum time, so neither the
 * answer nor its timing tells whether a number is on the roster. Only the per-IP limit says 429; it
 * is about the caller, not about the number. Time is a parameter (`now`) everywhere.
 */
import { chinaDay, SESSION_LIMITS, SIGN_IN_LIMITS } from '../../shared/auth/limits.ts';
import type { SmsLang } from '../../shared/sms/templates.ts';
import { AppError } from '../lib/errors.ts';
import type { SmsPort } from '../sms/port.ts';
import { Recipient } from '../sms/recipient.ts';
import {
  deleteSignInChallenge,
  getSignInChallenge,
  saveChallengeAttempt,
  saveSignInChallenge,
} from '../store/sign-in.ts';
import { findStaffByPhone, getStaff, type StaffMember } from '../store/staff.ts';
import { codeMatches, hashCode, newChallengeId, newCode } from './codes.ts';
import type { SigningKeys } from './keys.ts';
import { hit, hourWindow } from './rate-limit.ts';
import { revokeSession, rotateRefreshToken, sessionOfToken, startSession } from './sessions.ts';
import { issueAccessToken } from './tokens.ts';

export interface SignInContext {
  keys: SigningKeys;
  sms: SmsPort;
}

/** What happened to a code request; never shown to the caller, only to tests and logs. */
export type CodeOutcome = 'sent' | 'not-on-roster' | 'inactive' | 'cooldown' | 'daily-cap' | 'sms-failed';

export async function requestCode(
  ctx: SignInContext,
  input: { phone: string; ip: string; lang: SmsLang; now: Date },
): Promise<CodeOutcome> {
  const { phone, now } = input;
  if (!(await hit(hourWindow(`code-ip:${input.ip}`, now), SIGN_IN_LIMITS.codeRequestsPerIpPerHour))) {
    throw new AppError('rate_limited', 'code requests from this address');
  }
  const member = await findStaffByPhone(phone);
  if (member === undefined) return 'not-on-roster';
  if (!member.active) return 'inactive';

  const current = await getSignInChallenge(phone);
  if (current !== undefined && now.getTime() - current.issuedAt < SIGN_IN_LIMITS.cooldownSeconds * 1000) {
    return 'cooldown';
  }
  const day = chinaDay(now.getTime());
  const dayWindow = { subject: `code-phone:${phone}`, index: day, endsAt: (day + 1) * 86_400 - 8 * 3600 };
  if (!(await hit(dayWindow, SIGN_IN_LIMITS.codesPerNumberPerDay))) return 'daily-cap';

  const code = newCode();
  const challengeId = newChallengeId();
  const validUntil = now.getTime() + SIGN_IN_LIMITS.codeTtlSeconds * 1000;
  // A new code replaces the previous one: only the latest code of a number is valid.
  await saveSignInChallenge({
    phone,
    staffId: member.staffId,
    challengeId,
    codeHash: hashCode(ctx.keys.codeSecret, challengeId, phone, code),
    attempts: 0,
    issuedAt: now.getTime(),
    validUntil,
    expiresAt: Math.ceil(validUntil / 1000),
  });
  try {
    await ctx.sms.send({
      to: Recipient.fromStaff(member),
      template: 'signInCode',
      params: { code },
      lang: input.lang,
    });
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'sign-in code not sent', error: String(error) }));
    return 'sms-failed';
  }
  return 'sent';
}

export interface Tokens {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
  staff: { id: string; name: string; roles: string[]; companyId: string };
}

async function tokensFor(
  ctx: SignInContext,
  member: StaffMember,
  sessionId: string,
  refreshToken: string,
  now: Date,
): Promise<Tokens> {
  const access = await issueAccessToken(
    ctx.keys,
    { staffId: member.staffId, companyId: member.companyId, roles: member.roles, sessionId },
    now,
  );
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: SESSION_LIMITS.accessTokenSeconds,
    refreshToken,
    staff: { id: member.staffId, name: member.name, roles: [...member.roles], companyId: member.companyId },
  };
}

/**
 * Checks a code and starts a session. Every failure (no code, expired, used up, wrong, staff gone) is
 * the same `unauthorized`. Each check counts as an attempt before the comparison, with a condition on
 * the count, so parallel guesses cannot exceed the limit.
 */
export async function verifyCode(
  ctx: SignInContext,
  input: { phone: string; code: string; ip: string; now: Date; userAgent?: string },
): Promise<Tokens> {
  const { phone, now } = input;
  if (!(await hit(hourWindow(`verify-ip:${input.ip}`, now), SIGN_IN_LIMITS.verifiesPerIpPerHour))) {
    throw new AppError('rate_limited', 'code checks from this address');
  }
  const denied = () => new AppError('unauthorized', 'code not valid');
  const challenge = await getSignInChallenge(phone);
  if (challenge === undefined) throw denied();
  if (challenge.validUntil <= now.getTime() || challenge.attempts >= SIGN_IN_LIMITS.maxAttempts)
    throw denied();

  try {
    await saveChallengeAttempt(challenge);
  } catch {
    throw denied();
  }
  if (!codeMatches(ctx.keys.codeSecret, challenge.challengeId, phone, input.code, challenge.codeHash))
    throw denied();

  // Single use: the code is gone before the session exists.
  try {
    await deleteSignInChallenge(challenge);
  } catch {
    throw denied();
  }
  const member = await getStaff(challenge.staffId);
  if (member === undefined || !member.active || member.phone !== phone) throw denied();
  const { family, refreshToken } = await startSession(member, now, input.userAgent);
  return tokensFor(ctx, member, family.sessionId, refreshToken, now);
}

export async function refresh(
  ctx: SignInContext,
  input: { refreshToken: string; now: Date },
): Promise<Tokens> {
  const { family, refreshToken } = await rotateRefreshToken(input.refreshToken, input.now);
  const member = await getStaff(family.staffId);
  if (member === undefined || !member.active) {
    await revokeSession(family, 'admin', { kind: 'system', id: 'staff-inactive' }, input.now);
    throw new AppError('unauthorized', 'staff member not active');
  }
  return tokensFor(ctx, member, family.sessionId, refreshToken, input.now);
}

/** Ends the family of a refresh token. Quietly does nothing for a token that is not ours. */
export async function signOut(input: { refreshToken: string; now: Date }): Promise<void> {
  const family = await sessionOfToken(input.refreshToken);
  if (family === undefined) return;
  await revokeSession(family, 'sign-out', { kind: 'staff', id: family.staffId }, input.now);
}
