/**
 * The access-token signing key, from configuration. Exactly one source:
 *
 *   AUTH_SIGNING_KEY_SECRET_ARN  AWS: the ARN of the Secrets Manager secret the stack creates. The key
 *                                pair is derived from the secret's seed (./signing-secret.ts); the
 *                                versions AWSCURRENT (signs), AWSPENDING and AWSPREVIOUS (verify only)
 *                                are read at first use and again after SECRET_REFRESH_MS.
 *   AUTH_SIGNING_KEY             local stack and tests: the Ed25519 private key, PKCS#8 PEM or a
 *                                private JWK (JSON); `generateSigningKey()` makes one.
 *   AUTH_PREVIOUS_PUBLIC_KEYS    optional with either: JSON array of public JWKs still accepted for
 *                                verification (docs/security.md, "Keys and rotation").
 *
 * Read at first use, not at import, so a module that never signs or verifies needs no key. A key that
 * is missing or not Ed25519 fails that request loudly (500 and a log line), never silently.
 *
 * The secret of the one-time-code HMAC is derived from the same private key with HKDF under its own
 * label: one secret to provision and rotate, separate keys per purpose.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, type JWK } from 'jose';
import { ACCESS_TOKEN } from '../../shared/auth/limits.ts';
import {
  privateKeyFromSeed,
  type SeedSource,
  type SigningSeeds,
  secretsManagerSeeds,
} from './signing-secret.ts';

export interface SigningKeys {
  privateKey: KeyObject;
  kid: string;
  /** The keys a token may be verified with: the current public key and any previous ones. */
  verificationKeys: ReturnType<typeof createLocalJWKSet>;
  /** HMAC key of one-time codes. */
  codeSecret: Buffer;
}

export class KeyConfigurationError extends Error {
  override name = 'KeyConfigurationError';
}

export async function signingKeysFrom(
  privateKeyText: string | undefined,
  previousPublicKeys: string | undefined,
): Promise<SigningKeys> {
  if (privateKeyText === undefined || privateKeyText.trim() === '') {
    throw new KeyConfigurationError('AUTH_SIGNING_KEY is not set');
  }
  const text = privateKeyText.trim();
  let privateKey: KeyObject;
  try {
    privateKey = text.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as JWK & { kty: string }, format: 'jwk' })
      : createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' });
  } catch {
    throw new KeyConfigurationError('AUTH_SIGNING_KEY is neither a PKCS#8 PEM nor a private JWK');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new KeyConfigurationError('AUTH_SIGNING_KEY must be an Ed25519 key');
  }
  return keysOf(privateKey, [], parsePrevious(previousPublicKeys));
}

/**
 * The keys of a signing secret's seeds: the current seed signs; the current, pending and previous
 * seeds, and any AUTH_PREVIOUS_PUBLIC_KEYS, verify.
 */
export async function signingKeysFromSeeds(
  seeds: SigningSeeds,
  previousPublicKeys: string | undefined,
): Promise<SigningKeys> {
  let derived: { current: KeyObject; others: KeyObject[] };
  try {
    derived = {
      current: privateKeyFromSeed(seeds.current),
      others: [seeds.pending, seeds.previous]
        .filter((seed) => seed !== undefined)
        .map((seed) => privateKeyFromSeed(seed)),
    };
  } catch (error) {
    throw new KeyConfigurationError(`AUTH_SIGNING_KEY_SECRET_ARN: ${(error as Error).message}`);
  }
  return keysOf(derived.current, derived.others, parsePrevious(previousPublicKeys));
}

async function publicJwkOf(key: KeyObject): Promise<JWK & { kid: string }> {
  const jwk = await exportJWK(createPublicKey(key));
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ACCESS_TOKEN.algorithm, use: 'sig' };
}

async function keysOf(
  privateKey: KeyObject,
  alsoVerifyWith: KeyObject[],
  previous: JWK[],
): Promise<SigningKeys> {
  const current = await publicJwkOf(privateKey);
  const keys: JWK[] = [current];
  for (const jwk of [...(await Promise.all(alsoVerifyWith.map(publicJwkOf))), ...previous]) {
    // A label left on the current version, or a key listed twice, is one key.
    if (!keys.some((known) => known.kid === jwk.kid)) keys.push(jwk);
  }
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const codeSecret = Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), 'sitecall/sign-in-code/v1', 32));
  return { privateKey, kid: current.kid, verificationKeys: createLocalJWKSet({ keys }), codeSecret };
}

function parsePrevious(text: string | undefined): JWK[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyConfigurationError('AUTH_PREVIOUS_PUBLIC_KEYS is not JSON');
  }
  if (!Array.isArray(parsed)) throw new KeyConfigurationError('AUTH_PREVIOUS_PUBLIC_KEYS is not an array');
  return parsed.map((jwk: JWK) => {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d !== undefined || typeof jwk.kid !== 'string') {
      throw new KeyConfigurationError('AUTH_PREVIOUS_PUBLIC_KEYS holds only public Ed25519 JWKs with a kid');
    }
    return { ...jwk, alg: ACCESS_TOKEN.algorithm };
  });
}

/** How long a container keeps the secret's keys before reading the secret again. */
export const SECRET_REFRESH_MS = 5 * 60_000;
/** After a failed re-read, the keys already held are used this long before the next attempt. */
export const SECRET_RETRY_MS = 30_000;

export interface RefreshOptions {
  refreshMs?: number;
  retryMs?: number;
  /** Milliseconds since the epoch; tests pass their own. */
  now?: () => number;
  onRefreshError?: (error: unknown) => void;
}

/**
 * Keys from a seed source, read at first use and cached for the container. After `refreshMs` the
 * next call reads the source again (so a rotation reaches every warm container within that time);
 * one read at a time, however many requests ask. A failed first read fails the request and is not
 * cached; a failed re-read keeps the keys already held, logs, and is tried again after `retryMs`, so
 * a Secrets Manager hiccup does not stop sign-in.
 */
export function refreshingSigningKeys(
  source: SeedSource,
  previousPublicKeys: string | undefined,
  options: RefreshOptions = {},
): () => Promise<SigningKeys> {
  const refreshMs = options.refreshMs ?? SECRET_REFRESH_MS;
  const retryMs = options.retryMs ?? SECRET_RETRY_MS;
  const now = options.now ?? Date.now;
  const onRefreshError =
    options.onRefreshError ??
    ((error: unknown) =>
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'signing secret not re-read; the keys already held stay in use',
          error: String(error),
        }),
      ));
  let held: { keys: SigningKeys; nextReadAt: number } | undefined;
  let reading: Promise<SigningKeys> | undefined;

  const read = () => {
    reading ??= source()
      .then((seeds) => signingKeysFromSeeds(seeds, previousPublicKeys))
      .then((keys) => {
        held = { keys, nextReadAt: now() + refreshMs };
        return keys;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  return async () => {
    if (held === undefined) return read();
    if (now() < held.nextReadAt) return held.keys;
    const stale = held;
    try {
      return await read();
    } catch (error) {
      // Requests that shared the failed read log it once.
      if (held === stale && now() >= stale.nextReadAt) {
        stale.nextReadAt = now() + retryMs;
        onRefreshError(error);
      }
      return stale.keys;
    }
  };
}

/**
 * Where a process's keys come from, by the variables of the header (read at each call, so a test
 * can fix a variable without a restart). The key of AUTH_SIGNING_KEY is read once; a failed read is
 * not kept. The secret's keys are kept and refreshed by `refreshingSigningKeys`.
 */
export function signingKeysFromEnvironment(
  env: Record<string, string | undefined>,
  options: { client?: SecretsManagerClient } & RefreshOptions = {},
): () => Promise<SigningKeys> {
  const { client, ...refresh } = options;
  let fromKey: Promise<SigningKeys> | undefined;
  let fromSecret: { arn: string; keys: () => Promise<SigningKeys> } | undefined;
  return () => {
    const secretArn = env.AUTH_SIGNING_KEY_SECRET_ARN?.trim() || undefined;
    if (secretArn !== undefined) {
      if (env.AUTH_SIGNING_KEY?.trim()) {
        return Promise.reject(
          new KeyConfigurationError('set AUTH_SIGNING_KEY_SECRET_ARN or AUTH_SIGNING_KEY, not both'),
        );
      }
      if (fromSecret?.arn !== secretArn) {
        const source = secretsManagerSeeds({
          secretId: secretArn,
          ...(client === undefined ? {} : { client }),
        });
        fromSecret = {
          arn: secretArn,
          keys: refreshingSigningKeys(source, env.AUTH_PREVIOUS_PUBLIC_KEYS, refresh),
        };
      }
      return fromSecret.keys();
    }
    if (fromKey === undefined) {
      const keys = signingKeysFrom(env.AUTH_SIGNING_KEY, env.AUTH_PREVIOUS_PUBLIC_KEYS);
      fromKey = keys;
      keys.catch(() => {
        if (fromKey === keys) fromKey = undefined;
      });
    }
    return fromKey;
  };
}

const fromEnvironment = signingKeysFromEnvironment(process.env);

/** The keys of this process, from its environment (see `signingKeysFromEnvironment`). */
export function environmentSigningKeys(): Promise<SigningKeys> {
  return fromEnvironment();
}

/**
 * A new Ed25519 key pair: the private key as PKCS#8 PEM (the value of AUTH_SIGNING_KEY) and the
 * public key as a JWK with its thumbprint as kid (for AUTH_PREVIOUS_PUBLIC_KEYS after a rotation).
 */
export async function generateSigningKey(): Promise<{ privateKeyPem: string; publicJwk: JWK }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicJwk = await exportJWK(publicKey);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk) },
  };
}
