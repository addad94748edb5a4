/**
 * Session families and rotating refresh tokens.
 *
 * A sign-in starts a family. Each refresh exchanges the presented token for a new one in one
 * transaction (old marked used, new written, family version bumped). Presenting a used token means a
 * copy exists somewhere else: the whole family is revoked, the thief's copy and the owner's alike.
 * Refresh tokens are 32 random bytes, stored as SHA-256 (random enough that no secret is needed).
 */
import { createHash, randomBytes } from 'node:crypto';
import { SESSION_LIMITS } from '../../shared/auth/limits.ts';
import { AppError } from '../lib/errors.ts';
import { type Actor, assertCommitted, auditItem } from '../store/audit.ts';
import { identity, refreshToken, type SessionFamilyItem, sessionFamily } from '../store/entities.ts';
import type { StaffMember } from '../store/staff.ts';
import { newId } from '../store/staff.ts';

export type SessionFamily = SessionFamilyItem;
type RevokeReason = NonNullable<SessionFamily['revokedReason']>;

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function refreshItem(token: string, family: { sessionId: string; staffId: string }, now: Date) {
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
  const result = await identity.transaction
    .write(({ sessionFamily: families, refreshToken: tokens, auditRecord }) => [
      families.create(family).commit(),
      tokens.create(refreshItem(token, family, now)).commit(),
      auditRecord
        .put(
          auditItem({
            actor: { kind: 'staff', id: member.staffId },
            at: now,
            entity: 'sessionFamily',
            entityId: family.sessionId,
            action: 'sign-in',
            companyId: family.companyId,
            after: { staffId: family.staffId, createdAt: family.createdAt, userAgent: family.userAgent },
          }),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
  return { family, refreshToken: token };
}

export async function getSession(sessionId: string): Promise<SessionFamily | undefined> {
  const { data } = await sessionFamily.get({ sessionId }).go({ consistent: true });
  return data ?? undefined;
}

export async function listSessionsOfStaff(staffId: string): Promise<SessionFamily[]> {
  const { data } = await sessionFamily.query.byStaff({ staffId }).go({ order: 'desc', pages: 'all' });
  return data;
}

/** Revokes a family (idempotent: a revoked family stays as it was). */
export async function revokeSession(family: SessionFamily, reason: RevokeReason, actor: Actor, now: Date) {
  if (family.revokedAt !== undefined) return;
  const at = now.toISOString();
  const result = await identity.transaction
    .write(({ sessionFamily: families, auditRecord }) => [
      families
        .patch({ sessionId: family.sessionId })
        .set({ revokedAt: at, revokedReason: reason, version: family.version + 1 })
        .where(
          ({ version, revokedAt }, { eq, notExists }) =>
            `${eq(version, family.version)} AND ${notExists(revokedAt)}`,
        )
        .commit(),
      auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'sessionFamily',
            entityId: family.sessionId,
            action: `revoke:${reason}`,
            companyId: family.companyId,
            before: { revokedAt: undefined, revokedReason: undefined },
            after: { revokedAt: at, revokedReason: reason },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
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
  const { data: stored } = await refreshToken
    .get({ tokenHash: tokenHash(presented) })
    .go({ consistent: true });
  if (stored === null) throw denied();
  const family = await getSession(stored.sessionId);
  if (family === undefined || family.revokedAt !== undefined) throw denied();
  if (stored.usedAt !== undefined) {
    await revokeSession(family, 'reuse-detected', { kind: 'system', id: 'refresh' }, now);
    throw denied();
  }
  if (stored.validUntil <= now.getTime()) throw denied();

  const next = newOpaqueToken();
  const result = await identity.transaction
    .write(({ sessionFamily: families, refreshToken: tokens }) => [
      tokens
        .patch({ tokenHash: stored.tokenHash })
        .set({ usedAt: now.getTime() })
        .where(({ usedAt }, { notExists }) => notExists(usedAt))
        .commit(),
      tokens.create(refreshItem(next, family, now)).commit(),
      families
        .patch({ sessionId: family.sessionId })
        .set({
          lastRefreshAt: now.toISOString(),
          refreshCount: family.refreshCount + 1,
          expiresAt: seconds(now) + SESSION_LIMITS.refreshTokenSeconds + 86_400,
          version: family.version + 1,
        })
        .where(
          ({ version, revokedAt }, { eq, notExists }) =>
            `${eq(version, family.version)} AND ${notExists(revokedAt)}`,
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
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
  const { data } = await refreshToken.get({ tokenHash: tokenHash(presented) }).go({ consistent: true });
  return data === null ? undefined : getSession(data.sessionId);
}
