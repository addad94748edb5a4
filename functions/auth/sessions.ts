/**
 * Session families and rotating refresh tokens.
 *
 * A sign-in starts a family. Each refresh exchanges the presented token for a new one in one
 * transaction (old marked used, new written, family version bumped). Presenting a used token means a
 * copy exists somewhere else: the whole family is revoked, the thief's copy and the owner's alike.
 * Refresh tokens are 32 random bytes, stored as SHA-256 (random enough that no secret is needed);
 * the table's side is functions/store/sessions.ts.
 */
import { SESSION_LIMITS } from '../../shared/auth/limits.ts';
import { AppError } from '../lib/errors.ts';
import { newOpaqueToken, tokenHash } from '../lib/opaque-tokens.ts';
import type { Actor } from '../store/audit.ts';
import type { SessionFamilyItem } from '../store/entities.ts';
import {
  getRefreshToken,
  getSessionFamily,
  type RefreshTokenItem,
  type RevokeReason,
  saveNewSession,
  saveRefreshRotation,
  saveSessionRevoked,
  sessionFamiliesOfStaff,
} from '../store/sessions.ts';
import type { StaffMember } from '../store/staff.ts';
import { newId } from '../store/staff.ts';

export type SessionFamily = SessionFamilyItem;

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function refreshItem(
  token: string,
  family: { sessionId: string; staffId: string },
  now: Date,
): RefreshTokenItem {
  const validUntil = now.getTime() + SESSION_LIMITS.refreshTokenSeconds * 1000;
  return {
    tokenHash: tokenHash(token),
    sessionId: family.sessionId,
    staffId: family.staffId,
    issuedAt: now.getTime(),
    validUntil,
    // Kept a day past validity so a late reuse is still recognised as one.
    expiresAt: Math.floor(validUntil / 1000) + 86_400,
  };
}

/** Starts a family for a staff member who just proved their phone; returns the first refresh token. */
export async function startSession(member: StaffMember, now: Date, userAgent: string | undefined) {
  const family: SessionFamily = {
    sessionId: newId(),
    staffId: member.staffId,
    companyId: member.companyId,
    createdAt: now.toISOString(),
    refreshCount: 0,
    ...(userAgent === undefined ? {} : { userAgent: userAgent.slice(0, 200) }),
    expiresAt: seconds(now) + SESSION_LIMITS.refreshTokenSeconds + 86_400,
    version: 1,
  };
  const token = newOpaqueToken();
  await saveNewSession(family, refreshItem(token, family, now), { kind: 'staff', id: member.staffId }, now);
  return { family, refreshToken: token };
}

export async function getSession(sessionId: string): Promise<SessionFamily | undefined> {
  return getSessionFamily(sessionId);
}

export async function listSessionsOfStaff(staffId: string): Promise<SessionFamily[]> {
  return sessionFamiliesOfStaff(staffId);
}

/** Revokes a family (idempotent: a revoked family stays as it was). */
export async function revokeSession(family: SessionFamily, reason: RevokeReason, actor: Actor, now: Date) {
  if (family.revokedAt !== undefined) return;
  if ((await saveSessionRevoked(family, reason, actor, now)) === 'changed') {
    // Changed meanwhile: revoked by someone else, or refreshed. Read again and finish the job.
    const fresh = await getSession(family.sessionId);
    if (fresh !== undefined && fresh.revokedAt === undefined) await revokeSession(fresh, reason, actor, now);
  }
}

export type Refreshed = { family: SessionFamily; refreshToken: string };

/**
 * Exchanges a refresh token for a new one. `unauthorized` for anything but a current token of a live
 * family; a used token revokes its family first.
 */
export async function rotateRefreshToken(presented: string, now: Date): Promise<Refreshed> {
  const denied = () => new AppError('unauthorized', 'refresh token not valid');
  const stored = await getRefreshToken(tokenHash(presented));
  if (stored === undefined) throw denied();
  const family = await getSession(stored.sessionId);
  if (family === undefined || family.revokedAt !== undefined) throw denied();
  if (stored.usedAt !== undefined) {
    await revokeSession(family, 'reuse-detected', { kind: 'system', id: 'refresh' }, now);
    throw denied();
  }
  if (stored.validUntil <= now.getTime()) throw denied();

  const next = newOpaqueToken();
  const outcome = await saveRefreshRotation({
    usedTokenHash: stored.tokenHash,
    usedAt: now.getTime(),
    next: refreshItem(next, family, now),
    family,
    refreshed: {
      lastRefreshAt: now.toISOString(),
      refreshCount: family.refreshCount + 1,
      expiresAt: seconds(now) + SESSION_LIMITS.refreshTokenSeconds + 86_400,
    },
  });
  if (outcome === 'raced') {
    // Two exchanges of the same token raced: one of them is a copy. Same rule as a late reuse.
    const fresh = await getSession(family.sessionId);
    if (fresh !== undefined)
      await revokeSession(fresh, 'reuse-detected', { kind: 'system', id: 'refresh' }, now);
    throw denied();
  }
  return {
    family: { ...family, refreshCount: family.refreshCount + 1, version: family.version + 1 },
    refreshToken: next,
  };
}

/** The family a refresh token belongs to, used or not (sign-out ends it either way). */
export async function sessionOfToken(presented: string): Promise<SessionFamily | undefined> {
  const stored = await getRefreshToken(tokenHash(presented));
  return stored === undefined ? undefined : getSession(stored.sessionId);
}
