/**
 * One-time sign-in codes. A code is 6 digits from the CSPRNG. It is stored only as
 * HMAC-SHA256(secret, challengeId ‖ phone ‖ code) with a server secret that is not in the table:
 * a copy of the table alone does not let anyone test the million possible codes, while a slow hash
 * (scrypt) without a secret would not stop that (10^6 guesses) and would cost every check CPU time.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { SIGN_IN_LIMITS } from '../../shared/auth/limits.ts';

export function newCode(): string {
  return randomInt(0, 10 ** SIGN_IN_LIMITS.codeDigits)
    .toString()
    .padStart(SIGN_IN_LIMITS.codeDigits, '0');
}

export function newChallengeId(): string {
  return randomBytes(12).toString('base64url');
}

export function hashCode(secret: Buffer, challengeId: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`${challengeId}\n${phone}\n${code}`).digest('base64url');
}

export function codeMatches(
  secret: Buffer,
  challengeId: string,
  phone: string,
  code: string,
  storedHash: string,
): boolean {
  const expected = Buffer.from(hashCode(secret, challengeId, phone, code));
  const stored = Buffer.from(storedHash);
  return expected.length === stored.length && timingSafeEqual(expected, stored);
}
