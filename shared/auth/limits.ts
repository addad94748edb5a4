/**
 * The numbers of sign-in and sessions, in one place (docs/security.md explains them).
 */
export const SIGN_IN_LIMITS = {
  /** Digits of a one-time code. */
  codeDigits: 6,
  /** A code is valid this long after it was sent. */
  codeTtlSeconds: 5 * 60,
  /** Wrong guesses of one code before it is void. */
  maxAttempts: 5,
  /** A new code to the same number no sooner than this after the last one. */
  cooldownSeconds: 60,
  /** Codes to one number per day (China day, UTC+8). */
  codesPerNumberPerDay: 10,
  /** Code requests from one IP address per hour, whatever the numbers. */
  codeRequestsPerIpPerHour: 30,
  /** Code checks from one IP address per hour. */
  verifiesPerIpPerHour: 60,
} as const;

export const SESSION_LIMITS = {
  /** Lifetime of an access token (JWT). */
  accessTokenSeconds: 15 * 60,
  /** Lifetime of a refresh token; each refresh issues a new one, so an active phone stays signed in. */
  refreshTokenSeconds: 30 * 24 * 60 * 60,
} as const;

/** The claims every access token carries, checked on every request. */
export const ACCESS_TOKEN = {
  issuer: 'sitecall',
  audience: 'sitecall-staff',
  /** RFC 9068 media type of an OAuth access token JWT, in the `typ` header. */
  type: 'at+jwt',
  /** The only signing algorithm accepted (Ed25519). */
  algorithm: 'EdDSA',
} as const;

/** Day number in China (UTC+8, no daylight saving) for daily limits. */
export function chinaDay(epochMs: number): number {
  return Math.floor((epochMs + 8 * 3600_000) / 86_400_000);
}
