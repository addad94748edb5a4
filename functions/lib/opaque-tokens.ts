/**
 * Opaque tokens (refresh tokens, customer links, confirmation tokens): 32 random bytes, kept in the table
 * only as their SHA-256 (random enough that no secret is needed), so a copy of the table reaches nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
