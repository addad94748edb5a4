import { createPublicKey, hkdfSync } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN } from '../../shared/auth/limits.ts';
import { refreshingSigningKeys, signingKeysFromEnvironment, signingKeysFromSeeds } from './keys.ts';
import { privateKeyFromSeed, SIGNING_SEED_MIN_LENGTH, secretsManagerSeeds } from './signing-secret.ts';
import { issueAccessToken, verifyAccessToken } from './tokens.ts';

// Seeds shaped like the stack's (64 letters and digits); test values, not secrets.
const SEED_A = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9zAa2cDe5gHi8k';
const SEED_B = 'Zy8wVu5sRq2oNm9kJi6gFe3cBa0yXw7uTs4qPo1mLk8iHg5eDc2aZz9xWv6tSr3p';
const SEED_C = 'Qw4eRt7yUi0oPa3sDf6gHj9kLz2xCv5bNm8qWe1rTy4uIo7pAs0dFg3hJk6lZx9c';

const SUBJECT = { staffId: 's-1', companyId: 'c-1', roles: ['engineer'] as const, sessionId: 'f-1' };
const ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:signingkeysecret-AbCdEf';

describe('Ed25519 key derived from the secret seed', () => {
  it('is deterministic: the same seed gives the same key, byte for byte', () => {
    const first = privateKeyFromSeed(SEED_A).export({ format: 'der', type: 'pkcs8' });
    const second = privateKeyFromSeed(SEED_A).export({ format: 'der', type: 'pkcs8' });
    expect(first.equals(second)).toBe(true);
    expect(privateKeyFromSeed(SEED_A).asymmetricKeyType).toBe('ed25519');
  });

  it('is HKDF-SHA256 of the seed under the documented label (changing it would void every token)', () => {
    const expected = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(SEED_A, 'utf8'),
        Buffer.alloc(0),
        'sitecall/access-token-signing/ed25519/v1',
        32,
      ),
    );
    const jwk = privateKeyFromSeed(SEED_A).export({ format: 'jwk' });
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(Buffer.from(String(jwk.d), 'base64url').equals(expected)).toBe(true);
  });

  it('gives different keys for different seeds, even seeds one character apart', () => {
    const near = `${SEED_A.slice(0, -1)}x`;
    const publicOf = (seed: string) => createPublicKey(privateKeyFromSeed(seed)).export({ format: 'jwk' }).x;
    const keys = new Set([SEED_A, SEED_B, SEED_C, near].map(publicOf));
    expect(keys.size).toBe(4);
  });

  it('refuses a seed shorter than the stack would make', () => {
    expect(() => privateKeyFromSeed('x'.repeat(SIGNING_SEED_MIN_LENGTH - 1))).toThrow(/at least 32/);
    expect(() => privateKeyFromSeed('x'.repeat(SIGNING_SEED_MIN_LENGTH))).not.toThrow();
  });

  it('signs a JWT that verifies with the derived public key, and not with another seed', async () => {
    const privateKey = privateKeyFromSeed(SEED_A);
    const token = await new SignJWT({ sub: 's-1' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(
      jwtVerify(token, createPublicKey(privateKeyFromSeed(SEED_A)), { algorithms: ['EdDSA'] }),
    ).resolves.toMatchObject({ payload: { sub: 's-1' } });
    await expect(
      jwtVerify(token, createPublicKey(privateKeyFromSeed(SEED_B)), { algorithms: ['EdDSA'] }),
    ).rejects.toThrow();
  });

  it('issues access tokens that our verifier accepts, with the kid of the derived key', async () => {
    const keys = await signingKeysFromSeeds({ current: SEED_A }, undefined);
    const again = await signingKeysFromSeeds({ current: SEED_A }, undefined);
    expect(again.kid).toBe(keys.kid);
    expect(again.codeSecret.equals(keys.codeSecret)).toBe(true);
    const { token } = await issueAccessToken(keys, SUBJECT, new Date());
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toMatchObject({ alg: ACCESS_TOKEN.algorithm, kid: keys.kid });
    await expect(verifyAccessToken(keys, token, new Date())).resolves.toMatchObject({ staffId: 's-1' });
    const other = await signingKeysFromSeeds({ current: SEED_B }, undefined);
    await expect(verifyAccessToken(other, token, new Date())).resolves.toBeUndefined();
  });

  it('signs with AWSCURRENT only and verifies with AWSPENDING and AWSPREVIOUS too', async () => {
    const now = new Date();
    const oldKeys = await signingKeysFromSeeds({ current: SEED_A }, undefined);
    const newKeys = await signingKeysFromSeeds({ current: SEED_B }, undefined);
    const oldToken = (await issueAccessToken(oldKeys, SUBJECT, now)).token;
    const newToken = (await issueAccessToken(newKeys, SUBJECT, now)).token;

    // Step 1 of a rotation: B staged as AWSPENDING. A still signs; B's tokens are already accepted.
    const staged = await signingKeysFromSeeds({ current: SEED_A, pending: SEED_B }, undefined);
    expect(staged.kid).toBe(oldKeys.kid);
    await expect(verifyAccessToken(staged, newToken, now)).resolves.toBeDefined();
    // Step 2: B promoted, A is AWSPREVIOUS. B signs; A's tokens verify until they expire.
    const promoted = await signingKeysFromSeeds({ current: SEED_B, previous: SEED_A }, undefined);
    expect(promoted.kid).toBe(newKeys.kid);
    await expect(verifyAccessToken(promoted, oldToken, now)).resolves.toBeDefined();
    await expect(verifyAccessToken(promoted, newToken, now)).resolves.toBeDefined();
    // A label left on the current version is harmless; a seed in no label verifies nothing.
    const leftover = await signingKeysFromSeeds({ current: SEED_B, pending: SEED_B }, undefined);
    await expect(verifyAccessToken(leftover, oldToken, now)).resolves.toBeUndefined();
    const unrelated = await signingKeysFromSeeds({ current: SEED_C, previous: SEED_B }, undefined);
    await expect(verifyAccessToken(unrelated, oldToken, now)).resolves.toBeUndefined();
  });

  it('names the variable when a version holds a seed too short to be ours', async () => {
    await expect(signingKeysFromSeeds({ current: 'short' }, undefined)).rejects.toThrow(
      /AUTH_SIGNING_KEY_SECRET_ARN: .*at least 32/,
    );
  });
});

interface Captured {
  hostname: string;
  headers: Record<string, string>;
  body: { SecretId?: string; VersionStage?: string };
}

type Versions = Partial<Record<'AWSCURRENT' | 'AWSPENDING' | 'AWSPREVIOUS', string>>;

/**
 * A Secrets Manager client whose requests never leave the process: the handler keeps the serialized
 * request and answers as Secrets Manager does, from `versions` (a missing label is the service's
 * ResourceNotFoundException) or with `failWith` when set.
 */
function fakeSecretsManager(versions: Versions) {
  const captured: Captured[] = [];
  const state: { versions: Versions; failWith?: string } = { versions };
  const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
    response: {
      statusCode,
      headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
      body: new TextEncoder().encode(JSON.stringify(body)),
    },
  });
  const client = new SecretsManagerClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { hostname: string; headers: Record<string, string>; body: unknown }) {
        const text =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
        const body = JSON.parse(text) as Captured['body'];
        captured.push({ hostname: request.hostname, headers: request.headers, body });
        if (state.failWith !== undefined) {
          return json(
            400,
            { __type: state.failWith, Message: 'not allowed' },
            { 'x-amzn-errortype': state.failWith },
          );
        }
        const stage = body.VersionStage as keyof Versions;
        const value = state.versions[stage];
        if (value === undefined) {
          return json(
            400,
            {
              __type: 'ResourceNotFoundException',
              Message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
            },
            { 'x-amzn-errortype': 'ResourceNotFoundException' },
          );
        }
        return json(200, {
          ARN: body.SecretId,
          Name: 'signingkeysecret',
          SecretString: value,
          VersionId: `v-${stage}`,
          VersionStages: [stage],
          CreatedDate: 1_790_000_000,
        });
      },
    },
  });
  return { client, captured, state };
}

describe('Secrets Manager adapter', () => {
  it('sends GetSecretValue for the secret ARN, one request per version label', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: SEED_B, AWSPREVIOUS: SEED_A });
    const seeds = await secretsManagerSeeds({ secretId: ARN, client: sm.client })();

    expect(seeds).toEqual({ current: SEED_B, previous: SEED_A });
    expect(sm.captured).toHaveLength(3);
    for (const request of sm.captured) {
      expect(request.hostname).toBe('secretsmanager.cn-north-1.amazonaws.com.cn');
      expect(request.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
      expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(request.body.SecretId).toBe(ARN);
      expect(Object.keys(request.body).sort()).toEqual(['SecretId', 'VersionStage']);
    }
    expect(sm.captured.map((r) => r.body.VersionStage).sort()).toEqual([
      'AWSCURRENT',
      'AWSPENDING',
      'AWSPREVIOUS',
    ]);
  });

  it('fails without an AWSCURRENT version, and on any other error', async () => {
    const empty = fakeSecretsManager({ AWSPREVIOUS: SEED_A });
    await expect(secretsManagerSeeds({ secretId: ARN, client: empty.client })()).rejects.toThrow(
      /staging label: AWSCURRENT/,
    );
    const denied = fakeSecretsManager({ AWSCURRENT: SEED_A });
    denied.state.failWith = 'AccessDeniedException';
    await expect(secretsManagerSeeds({ secretId: ARN, client: denied.client })()).rejects.toThrow(
      /not allowed/,
    );
  });

  it('reads the secret once per container for many signings, and again after the refresh time', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: SEED_A });
    let clock = 1_000_000;
    const keys = signingKeysFromEnvironment(
      { AUTH_SIGNING_KEY_SECRET_ARN: ARN },
      { client: sm.client, now: () => clock, refreshMs: 300_000 },
    );
    expect(sm.captured).toHaveLength(0); // nothing read before first use

    const first = await Promise.all(Array.from({ length: 10 }, () => keys())); // concurrent first use
    for (let i = 0; i < 40; i++) {
      const held = await keys();
      const { token } = await issueAccessToken(held, SUBJECT, new Date());
      expect(await verifyAccessToken(held, token, new Date())).toBeDefined();
      clock += 1_000;
    }
    expect(sm.captured).toHaveLength(3); // AWSCURRENT, AWSPENDING, AWSPREVIOUS, once
    expect(new Set(first.map((k) => k.kid)).size).toBe(1);

    // Rotated: B current, A previous. Seen at the first use after the refresh time.
    sm.state.versions = { AWSCURRENT: SEED_B, AWSPREVIOUS: SEED_A };
    clock += 300_000;
    const rotated = await keys();
    expect(sm.captured).toHaveLength(6);
    expect(rotated.kid).not.toBe(first[0]?.kid);
    expect(rotated.kid).toBe((await signingKeysFromSeeds({ current: SEED_B }, undefined)).kid);
  });

  it('keeps the keys it holds when a re-read fails, logs once, and tries again later', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: SEED_A });
    let clock = 0;
    const errors: unknown[] = [];
    const keys = refreshingSigningKeys(secretsManagerSeeds({ secretId: ARN, client: sm.client }), undefined, {
      now: () => clock,
      refreshMs: 1_000,
      retryMs: 100,
      onRefreshError: (error) => errors.push(error),
    });
    const held = await keys();

    sm.state.failWith = 'AccessDeniedException';
    clock = 1_000;
    const during = await Promise.all([keys(), keys(), keys()]);
    expect(during.every((k) => k === held)).toBe(true);
    expect(errors).toHaveLength(1);
    const afterFailure = sm.captured.length;
    clock = 1_050; // within the retry time: no request
    expect(await keys()).toBe(held);
    expect(sm.captured).toHaveLength(afterFailure);

    sm.state.failWith = undefined;
    sm.state.versions = { AWSCURRENT: SEED_B };
    clock = 1_100;
    expect((await keys()).kid).not.toBe(held.kid);
  });

  it('does not keep a failed first read: the next request reads again', async () => {
    const sm = fakeSecretsManager({});
    const keys = signingKeysFromEnvironment({ AUTH_SIGNING_KEY_SECRET_ARN: ARN }, { client: sm.client });
    await expect(keys()).rejects.toThrow(/AWSCURRENT/);
    sm.state.versions = { AWSCURRENT: SEED_A };
    await expect(keys()).resolves.toMatchObject({ kid: expect.any(String) });
  });

  it('refuses a secret ARN and a key in the environment together', async () => {
    const sm = fakeSecretsManager({ AWSCURRENT: SEED_A });
    const keys = signingKeysFromEnvironment(
      { AUTH_SIGNING_KEY_SECRET_ARN: ARN, AUTH_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----' },
      { client: sm.client },
    );
    await expect(keys()).rejects.toThrow(/not both/);
    expect(sm.captured).toHaveLength(0);
  });
});
