/**
 * The access-token signing key, from configuration:
 *
 *   AUTH_SIGNING_KEY             the Ed25519 private key, PKCS#8 PEM or a private JWK (JSON). In AWS the
 *                                stack fills it from an SSM SecureString; locally and in tests
 *                                `generateSigningKey()` makes one.
 *   AUTH_PREVIOUS_PUBLIC_KEYS    optional JSON array of public JWKs still accepted for verification
 *                                during a key rotation (docs/security.md).
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
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, type JWK } from 'jose';
import { ACCESS_TOKEN } from '../../shared/auth/limits.ts';

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
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  const previous = parsePrevious(previousPublicKeys);
  const keys = [{ ...publicJwk, kid, alg: ACCESS_TOKEN.algorithm, use: 'sig' }, ...previous];
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const codeSecret = Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), 'sitecall/sign-in-code/v1', 32));
  return { privateKey, kid, verificationKeys: createLocalJWKSet({ keys }), codeSecret };
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

let fromEnvironment: Promise<SigningKeys> | undefined;

/** The keys of this process, from the environment, read once. */
export function environmentSigningKeys(): Promise<SigningKeys> {
  fromEnvironment ??= signingKeysFrom(process.env.AUTH_SIGNING_KEY, process.env.AUTH_PREVIOUS_PUBLIC_KEYS);
  // A failed read is not cached: fixing the variable needs no restart in tests.
  fromEnvironment.catch(() => {
    fromEnvironment = undefined;
  });
  return fromEnvironment;
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
