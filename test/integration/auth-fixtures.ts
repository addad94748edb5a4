/**
 * Fixtures of the auth, desk and SMS tests: the modules loaded against DynamoDB Local with a fresh
 * signing key, a controllable clock, an SMS port that keeps what it was given, and unique phone
 * numbers, companies and addresses per test so files running in parallel never meet.
 */
import { randomInt } from 'node:crypto';
import { inject, vi } from 'vitest';
import type { StaffRole } from '../../shared/auth/roles.ts';

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
  const modules = await importAll({
    auth: import('../../functions/handlers/auth.ts'),
    desk: import('../../functions/handlers/desk.ts'),
    publicAudience: import('../../functions/handlers/public.ts'),
    field: import('../../functions/handlers/field.ts'),
    staff: import('../../functions/store/staff.ts'),
    signIn: import('../../functions/auth/sign-in.ts'),
    sessions: import('../../functions/auth/sessions.ts'),
    links: import('../../functions/auth/links.ts'),
    tokens: import('../../functions/auth/tokens.ts'),
    outbox: import('../../functions/sms/local-outbox.ts'),
    port: import('../../functions/sms/port.ts'),
    audit: import('../../functions/store/audit.ts'),
    entities: import('../../functions/store/entities.ts'),
    guard: import('../../functions/auth/guard.ts'),
    objects: import('../../functions/auth/objects.ts'),
    api: import('../../functions/lib/api.ts'),
  });
  const signingKeys = await keys.environmentSigningKeys();
  return { keys, signing, signingKeys, ...modules };
}

/** Awaits every import of the object at once, keeping each module under its name. */
async function importAll<T extends Record<string, Promise<unknown>>>(
  imports: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(imports).map(async ([name, module]) => [name, await module]),
  );
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
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

/** A new member of the roster, signed in through the sign-in service with the code the SMS port kept. */
export async function signedInMember(
  system: System,
  member: { name: string; roles: StaffRole[]; companyId: string },
  now: Date,
  sms = capturingSms(system),
) {
  const ctx = { keys: system.signingKeys, sms: sms.port };
  const staff = await system.staff.createStaff(
    { name: member.name, phone: uniquePhone(), roles: member.roles, companyId: member.companyId },
    { kind: 'system', id: 'test' },
    now,
  );
  await system.signIn.requestCode(ctx, { phone: staff.phone, ip: uniqueIp(), lang: 'en', now });
  const tokens = await system.signIn.verifyCode(ctx, {
    phone: staff.phone,
    code: sms.codeFor(staff.phone),
    ip: uniqueIp(),
    now,
  });
  return { member: staff, tokens };
}

export function jsonRequest(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
  };
}
