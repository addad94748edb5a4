/**
 * The customer confirmation code (确认码) of a resolved ticket: 6 random digits the customer reads on
 * their status page and tells the engineer, who enters it on the phone to record the confirmation.
 *
 * The code is kept in the ticket's confirmation item, not as a hash: the status page is served by the
 * public audience, which holds no secret (functions/handlers/public.ts), and must be able to show it,
 * while a hash without a secret would not protect 10^6 codes anyway. It never leaves the server except
 * on that page (never in the field API, never in a log or an audit record), lives only while the ticket
 * is resolved, and is refused after CONFIRMATION_CODE_MAX_ATTEMPTS wrong entries, after which the page
 * stops showing it and the customer confirms by signature or on the page itself.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { CONFIRMATION_CODE_MAX_ATTEMPTS } from '../../shared/field/schemas.ts';
import { type ConfirmationCodeItem, getConfirmationCode } from '../store/field.ts';

export function newConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function confirmationCodeMatches(item: ConfirmationCodeItem, code: string): boolean {
  const expected = Buffer.from(item.code);
  const given = Buffer.from(code);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The code the customer's status page shows: only while the ticket is resolved and entries are left. */
export async function confirmationCodeForStatus(ticket: {
  ticketId: string;
  state: string;
}): Promise<string | null> {
  if (ticket.state !== 'resolved') return null;
  const item = await getConfirmationCode(ticket.ticketId);
  if (item === undefined || item.attempts >= CONFIRMATION_CODE_MAX_ATTEMPTS) return null;
  return item.code;
}
