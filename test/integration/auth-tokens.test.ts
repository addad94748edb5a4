import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  capturingSms,
  jsonRequest,
  loadSystem,
  type System,
  signedInMember,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens and their attacks', () => {
  let system: System;
  let admin: { staffId: string; companyId: string };
  let valid: { accessToken: string; refreshToken: string };
  let claims: Record<string, unknown>;
  const now = () => new Date();

  beforeAll(async () => {
    system = await loadSystem();
    const signedIn = await signedInMember(
      system,
      { name: 'Admin', roles: ['admin'], companyId: uniqueCompany() },
      now(),
    );
    admin = signedIn.member;
    valid = signedIn.tokens;
    claims = JSON.parse(Buffer.from(valid.accessToken.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
  });

  /** A token like the valid one, signed with our key, with one thing changed. */
  function resign(header: Record<string, unknown>, payload: Record<string, unknown>) {
    return new SignJWT({ ...claims, ...payload })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: system.signingKeys.kid, ...header })
      .sign(system.signingKeys.privateKey);
  }

  async function deskStatus(token: string) {
    const res = await system.desk.app.request(`/api/desk/sessions?staffId=${admin.staffId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return res.status;
  }

  it('accepts the valid token: EdDSA, at+jwt, our issuer and audience, 15 minutes', async () => {
    const [header] = valid.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
    });
    expect(claims).toMatchObject({
      iss: 'sitecall',
      aud: 'sitecall-staff',
      sub: admin.staffId,
      roles: ['admin'],
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(await deskStatus(valid.accessToken)).toBe(200);
  });

  const attacks: [string, () => Promise<string>][] = [
    ['alg: none', async () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`],
    [
      'HS256 signed with the public key PEM (key confusion)',
      async () => {
        const pem = (await import('node:crypto')).createPublicKey(system.signingKeys.privateKey).export({
          format: 'pem',
          type: 'spki',
        });
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: system.signingKeys.kid })
          .sign(new TextEncoder().encode(String(pem)));
      },
    ],
    [
      'HS256 signed with the public JWK x (key confusion)',
      async () => {
        const jwk = await exportJWK(
          (await import('node:crypto')).createPublicKey(system.signingKeys.privateKey),
        );
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: system.signingKeys.kid })
          .sign(Buffer.from(jwk.x ?? '', 'base64url'));
      },
    ],
    ['wrong audience', () => resign({}, { aud: 'sitecall-public' })],
    ['wrong issuer', () => resign({}, { iss: 'someone-else' })],
    ['wrong type (plain JWT)', () => resign({ typ: 'JWT' }, {})],
    ['no type', () => resign({ typ: undefined }, {})],
    ['expired', () => resign({}, { iat: (claims.iat as number) - 3600, exp: (claims.iat as number) - 60 })],
    [
      'tampered payload (roles raised, signature kept)',
      async () => {
        const [h, , s] = valid.accessToken.split('.');
        return `${h}.${b64({ ...claims, roles: ['admin', 'supervisor'], companyId: 'other' })}.${s}`;
      },
    ],
    [
      'signed by another Ed25519 key with our kid',
      async () => {
        const other = generateKeyPairSync('ed25519');
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: system.signingKeys.kid })
          .sign(other.privateKey);
      },
    ],
    [
      'ES256 from another key',
      async () => {
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: system.signingKeys.kid })
          .sign(other.privateKey);
      },
    ],
    ['roles not ours', () => resign({}, { roles: ['root'] })],
    ['garbage', async () => 'not.a.token'],
  ];

  it.each(attacks)('rejects a token with %s', async (_name, make) => {
    const token = await make();
    expect(await system.tokens.verifyAccessToken(system.signingKeys, token, now())).toBeUndefined();
    expect(await deskStatus(token)).toBe(401);
  });

  it('stops accepting a token 15 minutes after it was issued', async () => {
    const in16 = system.desk.createApp({ clock: () => new Date(Date.now() + 16 * 60_000) });
    const res = await in16.request(`/api/desk/sessions?staffId=${admin.staffId}`, {
      headers: { authorization: `Bearer ${valid.accessToken}` },
    });
    expect(res.status).toBe(401);
  });

  it('accepts tokens of the previous key during a rotation, and only its public part is configured', async () => {
    const previous = await system.keys.generateSigningKey();
    const oldKeys = await system.keys.signingKeysFrom(previous.privateKeyPem, undefined);
    const current = await system.keys.generateSigningKey();
    const rotated = await system.keys.signingKeysFrom(
      current.privateKeyPem,
      JSON.stringify([previous.publicJwk]),
    );
    const subject = { staffId: 's', companyId: 'c', roles: ['engineer'] as const, sessionId: 'f' };
    const oldToken = (await system.tokens.issueAccessToken(oldKeys, subject, now())).token;

    expect(await system.tokens.verifyAccessToken(rotated, oldToken, now())).toMatchObject({ staffId: 's' });
    const unrelated = await system.keys.signingKeysFrom(current.privateKeyPem, undefined);
    expect(await system.tokens.verifyAccessToken(unrelated, oldToken, now())).toBeUndefined();
    await expect(
      system.keys.signingKeysFrom(current.privateKeyPem, JSON.stringify([{ ...previous.publicJwk, d: 'x' }])),
    ).rejects.toThrow(/public/);
  });

  it('reads the signing key as PKCS#8 PEM or private JWK, and refuses other key types', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    await expect(system.keys.signingKeysFrom(jwk, undefined)).resolves.toMatchObject({
      kid: expect.any(String),
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    await expect(system.keys.signingKeysFrom(String(rsa), undefined)).rejects.toThrow(/Ed25519/);
    await expect(system.keys.signingKeysFrom(undefined, undefined)).rejects.toThrow(/AUTH_SIGNING_KEY/);
  });
});

describe('refresh tokens: rotation, reuse detection, sign-out, revocation', () => {
  let system: System;
  beforeAll(async () => {
    system = await loadSystem();
  });

  async function signedIn(roles: ('admin' | 'engineer')[] = ['engineer'], companyId = uniqueCompany()) {
    const sms = capturingSms(system);
    const app = system.auth.createApp({ sms: sms.port, codeResponseFloorMs: 0 });
    const member = await system.staff.createStaff(
      { name: 'Staff', phone: uniquePhone(), roles, companyId },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    await app.request(
      '/api/auth/code',
      jsonRequest({ phone: member.phone }, { 'x-forwarded-for': uniqueIp() }),
    );
    const res = await app.request(
      '/api/auth/verify',
      jsonRequest(
        { phone: member.phone, code: sms.codeFor(member.phone) },
        { 'x-forwarded-for': uniqueIp() },
      ),
    );
    const tokens = (await res.json()) as { accessToken: string; refreshToken: string };
    return { app, member, tokens };
  }

  const post = (app: System['auth']['app'], path: string, body: unknown) =>
    app.request(path, jsonRequest(body));

  it('gives a new refresh token on each use; the old one is then spent', async () => {
    const { app, tokens } = await signedIn();

    const first = await post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(first.status).toBe(200);
    const next = (await first.json()) as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    const second = await post(app, '/api/auth/refresh', { refreshToken: next.refreshToken });
    expect(second.status).toBe(200);
  });

  it('ends the whole family when a spent refresh token comes back', async () => {
    const { app, member, tokens } = await signedIn(['admin']);
    const rotated = (await (
      await post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken })
    ).json()) as {
      accessToken: string;
      refreshToken: string;
    };

    const replay = await post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken });

    expect(replay.status).toBe(401);
    expect((await post(app, '/api/auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
    const desk = await system.desk.app.request(`/api/desk/sessions?staffId=${member.staffId}`, {
      headers: { authorization: `Bearer ${rotated.accessToken}` },
    });
    expect(desk.status).toBe(401);
    const sessions = await system.sessions.listSessionsOfStaff(member.staffId);
    expect(sessions[0]?.revokedReason).toBe('reuse-detected');
  });

  it('lets two racing uses of one token both fail and end the family', async () => {
    const { app, tokens } = await signedIn();
    const [a, b] = await Promise.all([
      post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken }),
      post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[1]).toBe(401);
    if (statuses[0] === 200) {
      const winner = (await (a.status === 200 ? a : b).json()) as { refreshToken: string };
      expect((await post(app, '/api/auth/refresh', { refreshToken: winner.refreshToken })).status).toBe(401);
    }
  });

  it('refuses a refresh token after 30 days', async () => {
    const { tokens } = await signedIn();
    const later = system.auth.createApp({ clock: () => new Date(Date.now() + 30 * 86_400_000 + 1000) });
    expect((await post(later, '/api/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
  });

  it('signs out: the family ends, its access token stops working at once', async () => {
    const { app, member, tokens } = await signedIn(['admin']);

    const out = await post(app, '/api/auth/sign-out', { refreshToken: tokens.refreshToken });

    expect(out.status).toBe(204);
    expect((await post(app, '/api/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    const desk = await system.desk.app.request(`/api/desk/sessions?staffId=${member.staffId}`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(desk.status).toBe(401);
  });

  it('lets an admin list and revoke the sessions of a member of their company', async () => {
    const companyId = uniqueCompany();
    const admin = await signedIn(['admin'], companyId);
    const engineer = await signedIn(['engineer'], companyId);
    const auth = { authorization: `Bearer ${admin.tokens.accessToken}` };

    const listed = await system.desk.app.request(`/api/desk/sessions?staffId=${engineer.member.staffId}`, {
      headers: auth,
    });
    expect(listed.status).toBe(200);
    const { sessions } = (await listed.json()) as {
      sessions: { sessionId: string; revokedAt: string | null }[];
    };
    expect(sessions).toHaveLength(1);
    const sessionId = sessions[0]?.sessionId ?? '';

    const revoked = await system.desk.app.request(`/api/desk/sessions/${sessionId}/revoke`, {
      method: 'POST',
      headers: auth,
    });
    expect(revoked.status).toBe(204);
    expect(
      (await post(engineer.app, '/api/auth/refresh', { refreshToken: engineer.tokens.refreshToken })).status,
    ).toBe(401);
    const audit = await system.desk.app.request(`/api/desk/audit?entity=sessionFamily&id=${sessionId}`, {
      headers: auth,
    });
    const { records } = (await audit.json()) as { records: { action: string; actor: { id: string } }[] };
    expect(records.map((r) => r.action)).toEqual(['revoke:admin', 'sign-in']);
    expect(records[0]?.actor.id).toBe(admin.member.staffId);
  });

  it('answers an admin of another company as if the member and the session did not exist', async () => {
    const admin = await signedIn(['admin']);
    const engineer = await signedIn(['engineer']);
    const [session] = await system.sessions.listSessionsOfStaff(engineer.member.staffId);
    const auth = { authorization: `Bearer ${admin.tokens.accessToken}` };

    const listed = await system.desk.app.request(`/api/desk/sessions?staffId=${engineer.member.staffId}`, {
      headers: auth,
    });
    const missing = await system.desk.app.request('/api/desk/sessions?staffId=no-such-staff', {
      headers: auth,
    });
    const revoke = await system.desk.app.request(`/api/desk/sessions/${session?.sessionId}/revoke`, {
      method: 'POST',
      headers: auth,
    });
    const revokeMissing = await system.desk.app.request('/api/desk/sessions/no-such-session/revoke', {
      method: 'POST',
      headers: auth,
    });

    expect([listed.status, missing.status, revoke.status, revokeMissing.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect(await listed.text()).toBe(await missing.text());
    expect(await revoke.text()).toBe(await revokeMissing.text());
    expect(
      (await post(engineer.app, '/api/auth/refresh', { refreshToken: engineer.tokens.refreshToken })).status,
    ).toBe(200);
  });
});
