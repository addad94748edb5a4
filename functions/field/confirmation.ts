/**
 * The customer confirmation code (确认码) of a resolved ticket: 6 digits the customer reads on their
 * status page and tells the engineer, who enters it on the phone. The code is not stored: on resolve
 * the server stores a random salt, and the code is HMAC-SHA256(code secret, ticket id ‖ salt) reduced to
 * 6 digits, so a copy of the table alone does not reveal it (the same secret as sign-in codes,
 * functions/auth/codes.ts). A wrong entry counts an attempt; after CONFIRMATION_CODE_MAX_ATTEMPTS the
 * code is refused for good and the customer confirms by signature or on their status page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfirmationCodeItem } from '../store/field.ts';

export function newConfirmationSalt(): string {
  return randomBytes(16).toString('base64url');
}

export function confirmationCodeOf(secret: Buffer, ticketId: string, salt: string): string {
  const digest = createHmac('sha256', secret).update(`confirmation\n${ticketId}\n${salt}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export function confirmationCodeMatches(secret: Buffer, item: ConfirmationCodeItem, code: string): boolean {
  const expected = Buffer.from(confirmationCodeOf(secret, item.ticketId, item.salt));
  const given = Buffer.from(code);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
