/**
 * The helpers the browser tests share: fresh phone numbers, the staff roster, sign-in codes from the local
 * SMS outbox, the API with a bearer token, signing in through the API or the page, and an axe scan.
 * Not a test file: the e2e project runs only *.test.ts.
 */
import { randomInt } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

/** The local stack's address (the e2e global setup starts it). */
export const baseUrl = inject('baseUrl');

/** A phone-sized and a desk-sized viewport. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESK_VIEWPORT = { width: 1280, height: 800 };

/** A valid mainland mobile number under `prefix` (136, 137, 139: each test keeps its own, for per-number limits). */
export function freshPhone(prefix: '136' | '137' | '138' | '139'): string {
  return `+86${prefix}${String(randomInt(10_000_000, 99_999_999))}`;
}

/** Points the store modules at the e2e table (call before importing functions/store/*). */
export function useE2eTable(): void {
  process.env.TABLE_NAME = inject('tableName');
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
}

type Role = 'dispatcher' | 'engineer';

/** Puts a member on the roster as the admin command does; resolves to the new staffId. */
export async function putOnRoster(name: string, phone: string, roles: Role | Role[]): Promise<string> {
  useE2eTable();
  const { createStaff } = await import('../../functions/store/staff.ts');
  const member = await createStaff(
    { name, phone, roles: Array.isArray(roles) ? roles : [roles], companyId: 'default' },
    { kind: 'system', id: 'e2e' },
    new Date(),
  );
  return member.staffId;
}

/** One text in the local SMS outbox. */
export interface OutboxMessage {
  messageId: string;
  to: string;
  text: string;
}

/** Every text in the local SMS outbox. */
export async function outbox(): Promise<OutboxMessage[]> {
  const res = await fetch(`${baseUrl}/dev/outbox?format=json`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

/** The newest sign-in code texted to `to`, polled for about 10 s (plain polling: hooks may call it too). */
export async function codeFor(to: string): Promise<string> {
  for (let tries = 0; tries < 50; tries += 1) {
    const code = (await outbox())
      .filter((m) => m.to === to)
      .at(-1)
      ?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
    if (code !== undefined) return code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no sign-in code was texted to ${to}`);
}

/** Calls `/api${path}` with a bearer token (or none); throws on a non-2xx answer, else the parsed JSON. */
export async function call<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      'accept-language': 'en',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** `call` bound to the desk API (`/api/desk${path}`) and one token. */
export function deskApi(token: string) {
  return <T>(method: string, path: string, body?: unknown): Promise<T> =>
    call<T>(method, `/desk${path}`, token, body);
}

/** Signs `phone` in through the API (code, then verify); resolves to the access token. */
export async function tokenOf(phone: string): Promise<string> {
  await call('POST', '/auth/code', null, { phone });
  const { accessToken } = await call<{ accessToken: string }>('POST', '/auth/verify', null, {
    phone,
    code: await codeFor(phone),
  });
  return accessToken;
}

/** Opens `next`, is sent to sign in, signs `phone` in with the texted code and lands back on `next`. */
export async function signIn(page: Page, phone: string, next: string): Promise<void> {
  await page.goto(`${baseUrl}${next}`);
  await page.waitForURL(`${baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone.replace('+86', ''));
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('6 位验证码').fill(await codeFor(phone));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

/** The access token the app keeps for the signed-in person (a second code within a minute is not sent). */
export function accessToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('sitecall-session');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('session').objectStore('session').get('current');
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as { accessToken: string }).accessToken);
          };
        };
      }),
  );
}

/** The page's serious and critical axe violations, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
