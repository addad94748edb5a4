/**
 * Fixtures of the auth, desk and SMS tests: the modules loaded against DynamoDB Local with a fresh
 * signing key, a controllable clock, an SMS port that keeps what it was given, and unique phone
 * numbers, companies and addresses per test so files running in parallel never meet.
 */
import { randomInt } from 'node:crypto';
import { inject, vi } from 'vitest';

export async function loadSystem() {
  vi.resetModules();
  const keys = await import('../../functions/auth/keys.ts');
  const signing = await keys.generateSigningKey();
  Object.assign(process.env, {
    TABLE_NAME: inject('tableName'),
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AUTH_SIGNING_KEY: signing.privateKeyPem,
    SMS_TRANSPORT: 'outbox',
  });
  delete process.env.AUTH_PREVIOUS_PUBLIC_KEYS;
  const [
    auth,
    desk,
    publicAudience,
    field,
    staff,
    signIn,
    sessions,
    links,
    tokens,
    outbox,
    port,
    audit,
    entities,
    guard,
    objects,
    api,
  ] = await Promise.all([
    import('../../functions/handlers/auth.ts'),
    import('../../functions/handlers/desk.ts'),
    import('../../functions/handlers/public.ts'),
    import('../../functions/handlers/field.ts'),
    import('../../functions/store/staff.ts'),
    import('../../functions/auth/sign-in.ts'),
    import('../../functions/auth/sessions.ts'),
    import('../../functions/auth/links.ts'),
    import('../../functions/auth/tokens.ts'),
    import('../../functions/sms/local-outbox.ts'),
    import('../../functions/sms/port.ts'),
    import('../../functions/store/audit.ts'),
    import('../../functions/store/entities.ts'),
    import('../../functions/auth/guard.ts'),
    import('../../functions/auth/objects.ts'),
    import('../../functions/lib/api.ts'),
  ]);
  const signingKeys = await keys.environmentSigningKeys();
  return {
    keys,
    signing,
    signingKeys,
    auth,
    desk,
    publicAudience,
    field,
    staff,
    signIn,
    sessions,
    links,
    tokens,
    outbox,
    port,
    audit,
    entities,
    guard,
    objects,
    api,
  };
}

export type System = Awaited<ReturnType<typeof loadSystem>>;

/** A mainland mobile number nobody else in the test run uses. */
export function uniquePhone(): string {
  return `+86139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

export function uniqueIp(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export function uniqueCompany(): string {
  return `co-${randomInt(0, 1e9).toString(36)}`;
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-11-25T02:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = new Date(iso).getTime();
    },
  };
}

export interface SentSms {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
}

/** An SMS port that keeps every message it is given, rendered as the real ones would be. */
export function capturingSms(system: System) {
  const sent: SentSms[] = [];
  return {
    sent,
    port: {
      async send(message: Parameters<System['port']['textOf']>[0]) {
        sent.push({
          to: message.to.phone,
          template: message.template,
          params: message.params,
          text: system.port.textOf(message),
        });
        return { providerMessageId: `captured-${sent.length}` };
      },
    },
    codeFor(phone: string): string {
      const last = [...sent].reverse().find((m) => m.to === phone && m.template === 'signInCode');
      if (last?.params.code === undefined) throw new Error(`no code sent to ${phone}`);
      return last.params.code;
    },
  };
}

export function jsonRequest(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
  };
}
