/**
 * Access tokens: JWTs signed with Ed25519 (EdDSA). Verification accepts only that algorithm, our
 * issuer and audience and the `at+jwt` type, and looks the key up by `kid` among our own public keys;
 * so `alg: none`, an HMAC signed with the public key (key confusion), a token for another audience,
 * an expired or altered token all fail the same way.
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { ACCESS_TOKEN, SESSION_LIMITS } from '../../shared/auth/limits.ts';
import { STAFF_ROLES, type StaffPrincipal } from '../../shared/auth/roles.ts';
import type { SigningKeys } from './keys.ts';

export interface AccessTokenSubject {
  staffId: string;
  companyId: string;
  roles: readonly (typeof STAFF_ROLES)[number][];
  sessionId: string;
}

export async function issueAccessToken(keys: SigningKeys, subject: AccessTokenSubject, now: Date) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + SESSION_LIMITS.accessTokenSeconds;
  const token = await new SignJWT({
    roles: [...subject.roles],
    companyId: subject.companyId,
    sid: subject.sessionId,
  })
    .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, typ: ACCESS_TOKEN.type, kid: keys.kid })
    .setIssuer(ACCESS_TOKEN.issuer)
    .setAudience(ACCESS_TOKEN.audience)
    .setSubject(subject.staffId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(keys.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  companyId: z.string().min(1),
  roles: z.array(z.enum(STAFF_ROLES)).min(1),
});

/** The principal of a valid token, or undefined for any token that is not (never throws for input). */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string,
  now: Date,
): Promise<StaffPrincipal | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.verificationKeys, {
      algorithms: [ACCESS_TOKEN.algorithm],
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      typ: ACCESS_TOKEN.type,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 5,
    });
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return undefined;
    return {
      kind: 'staff',
      staffId: claims.data.sub,
      companyId: claims.data.companyId,
      roles: claims.data.roles,
      sessionId: claims.data.sid,
    };
  } catch {
    return undefined;
  }
}
