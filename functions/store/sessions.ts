/**
 * Session families and their refresh tokens in the table (functions/auth/sessions.ts makes the tokens
 * and decides what a refresh may do): tokens are keyed by their SHA-256; a family's changes are
 * conditioned on the version read and written with their audit record in the same transaction.
 */
import type { EntityItem } from 'electrodb';
import { type Actor, type AuditInput, assertCommitted, auditItem } from './audit.ts';
import { identity, refreshToken, type SessionFamilyItem, sessionFamily } from './entities.ts';

export type RefreshTokenItem = EntityItem<typeof refreshToken>;
export type RevokeReason = NonNullable<SessionFamilyItem['revokedReason']>;

/** Writes a new family with its first refresh token and the sign-in record. */
export async function saveNewSession(
  family: SessionFamilyItem,
  firstToken: RefreshTokenItem,
  actor: Actor,
  now: Date,
): Promise<void> {
  const result = await identity.transaction
    .write(({ sessionFamily: families, refreshToken: tokens, auditRecord }) => [
      families.create(family).commit(),
      tokens.create(firstToken).commit(),
      auditRecord
        .put(
          auditItem({
            actor,
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
}

/** A family by id, as a consistent read. */
export async function getSessionFamily(sessionId: string): Promise<SessionFamilyItem | undefined> {
  const { data } = await sessionFamily.get({ sessionId }).go({ consistent: true });
  return data ?? undefined;
}

/** Every family of a staff member, revoked and expired ones included, newest first. */
export async function sessionFamiliesOfStaff(staffId: string): Promise<SessionFamilyItem[]> {
  const { data } = await sessionFamily.query.byStaff({ staffId }).go({ order: 'desc', pages: 'all' });
  return data;
}

/** The audit record of a family's revocation. */
export function familyRevokedAudit(
  family: SessionFamilyItem,
  reason: RevokeReason,
  actor: Actor,
  now: Date,
): AuditInput {
  return {
    actor,
    at: now,
    entity: 'sessionFamily',
    entityId: family.sessionId,
    action: `revoke:${reason}`,
    companyId: family.companyId,
    before: { revokedAt: undefined, revokedReason: undefined },
    after: { revokedAt: now.toISOString(), revokedReason: reason },
  };
}

/**
 * Marks a family revoked, conditioned on the version read and on no revocation yet, with its record.
 * `changed` when the family changed meanwhile (nothing written).
 */
export async function saveSessionRevoked(
  family: SessionFamilyItem,
  reason: RevokeReason,
  actor: Actor,
  now: Date,
): Promise<'revoked' | 'changed'> {
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
      auditRecord.put(auditItem(familyRevokedAudit(family, reason, actor, now))).commit(),
    ])
    .go();
  return result.canceled ? 'changed' : 'revoked';
}

/** A refresh token by the SHA-256 of its value, as a consistent read. */
export async function getRefreshToken(hash: string): Promise<RefreshTokenItem | undefined> {
  const { data } = await refreshToken.get({ tokenHash: hash }).go({ consistent: true });
  return data ?? undefined;
}

/**
 * One refresh in one transaction: the presented token marked used (if it was not yet), the next token
 * written, and the family's refresh fields set (conditioned on the version read and no revocation).
 * `raced` when any condition failed (nothing written).
 */
export async function saveRefreshRotation(input: {
  usedTokenHash: string;
  usedAt: number;
  next: RefreshTokenItem;
  family: SessionFamilyItem;
  refreshed: { lastRefreshAt: string; refreshCount: number; expiresAt: number };
}): Promise<'rotated' | 'raced'> {
  const { usedTokenHash, usedAt, next, family, refreshed } = input;
  const result = await identity.transaction
    .write(({ sessionFamily: families, refreshToken: tokens }) => [
      tokens
        .patch({ tokenHash: usedTokenHash })
        .set({ usedAt })
        .where(({ usedAt: used }, { notExists }) => notExists(used))
        .commit(),
      tokens.create(next).commit(),
      families
        .patch({ sessionId: family.sessionId })
        .set({
          lastRefreshAt: refreshed.lastRefreshAt,
          refreshCount: refreshed.refreshCount,
          expiresAt: refreshed.expiresAt,
          version: family.version + 1,
        })
        .where(
          ({ version, revokedAt }, { eq, notExists }) =>
            `${eq(version, family.version)} AND ${notExists(revokedAt)}`,
        )
        .commit(),
    ])
    .go();
  return result.canceled ? 'raced' : 'rotated';
}
