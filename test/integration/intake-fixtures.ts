/**
 * Fixtures of the intake and desk tests: the public and desk apps against DynamoDB Local with a
 * manual clock, a signed-in dispatcher and engineer of a fresh company, and a contract with a site,
 * devices and an intake link made through the desk's own routes.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import {
  loadSystem,
  manualClock,
  type System,
  signedInMember,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

export async function loadIntakeSystem(start = '2026-11-25T02:00:00.000Z') {
  const system = await loadSystem();
  const clock = manualClock(start);
  const [publicHandler, deskHandler, entities] = await Promise.all([
    import('../../functions/handlers/public.ts'),
    import('../../functions/handlers/desk.ts'),
    import('../../functions/store/desk-entities.ts'),
  ]);
  const limits = { perLinkPerHour: 1000, perIpPerHour: 1000 };
  return {
    system,
    clock,
    entities,
    publicApp: publicHandler.createApp({ clock: clock.now, limits }),
    publicWithLimits: (l: { perLinkPerHour: number; perIpPerHour: number }) =>
      publicHandler.createApp({ clock: clock.now, limits: l }),
    deskApp: deskHandler.createApp({ clock: clock.now }),
  };
}
export type IntakeSystem = Awaited<ReturnType<typeof loadIntakeSystem>>;

/** Signs in a fresh staff member of the company; answers its id and Authorization header. */
export async function signedIn(
  system: System,
  companyId: string,
  roles: ('admin' | 'dispatcher' | 'engineer')[],
  name = 'Member',
) {
  // Signed in at the end of the tests' time range: the token stays valid while the manual clock of the
  // desk app moves through the days a test needs (its issue time is not checked, its expiry is).
  const now = new Date('2027-01-05T00:00:00.000Z');
  const { member, tokens } = await signedInMember(system, { name, roles, companyId }, now);
  return { staffId: member.staffId, name, auth: { authorization: `Bearer ${tokens.accessToken}` } };
}

export async function call(
  app: Hono,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const res = await app.request(path, {
    method,
    headers: {
      'accept-language': 'en',
      'x-forwarded-for': uniqueIp(),
      ...(body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert their shape
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** A company with a dispatcher, an engineer and a contract (level as given) with one site, two devices and a link. */
export async function seedContract(s: IntakeSystem, serviceLevel: 'A' | 'B' | 'C' = 'C') {
  const companyId = uniqueCompany();
  const dispatcher = await signedIn(s.system, companyId, ['dispatcher'], 'Dispatcher Zhao');
  const engineer = await signedIn(s.system, companyId, ['engineer'], 'Engineer Li');
  const d = (method: string, path: string, body?: unknown) =>
    call(s.deskApp, method, path, dispatcher.auth, body);
  const customer = await d('POST', '/api/desk/customers', { name: '某市数据中心' });
  const contract = await d('POST', '/api/desk/contracts', {
    customerId: customer.json.customerId,
    name: `维保合同 ${serviceLevel}`,
    serviceLevel,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  const contractId: string = contract.json.contractId;
  const site = await d('POST', `/api/desk/contracts/${contractId}/sites`, {
    name: 'Main DC',
    address: '1 Data Road',
    lat: 31.23,
    lng: 121.47,
    checkInRadiusM: 200,
  });
  const device = (model: string) =>
    d('POST', `/api/desk/contracts/${contractId}/devices`, {
      category: 'firewall',
      model,
      serial: `SN-${model}`,
      siteId: site.json.siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2026-12-31',
    });
  const devices = [await device('SRX-3600'), await device('SRX-240')];
  const link = await d('POST', `/api/desk/contracts/${contractId}/links`);
  return {
    companyId,
    dispatcher,
    engineer,
    desk: d,
    contractId,
    siteId: site.json.siteId as string,
    deviceIds: devices.map((x) => x.json.deviceId as string),
    linkToken: link.json.token as string,
    linkId: link.json.linkId as string,
  };
}
export type Seeded = Awaited<ReturnType<typeof seedContract>>;

export function intakeBody(deviceId: string | undefined, overrides: Record<string, unknown> = {}) {
  return {
    ...(deviceId === undefined ? {} : { deviceId }),
    description: '防火墙无法访问,业务中断',
    answers: { serviceDown: true, businessInterrupted: true, dataLost: false },
    contactName: '王工',
    contactPhone: '13912345678',
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

/** A report through the public form: POST /api/public/intake with these headers and body. */
export function postIntake(s: IntakeSystem, headers: Record<string, string>, body?: unknown) {
  return call(s.publicApp, 'POST', '/api/public/intake', headers, body);
}

export const linkAuth = (token: string) => ({ authorization: `Link ${token}` });

/** The answers of a minor fault: a level-3 report. */
export const MINOR = { serviceDown: false, businessInterrupted: false, dataLost: false, degraded: false };

/** A fault reported through the contract's link on its first device (the body as given), which must be taken. */
export async function reportFault(s: IntakeSystem, k: Seeded, overrides: Record<string, unknown> = {}) {
  const report = await postIntake(s, linkAuth(k.linkToken), intakeBody(k.deviceIds[0], overrides));
  expect(report.status).toBe(201);
  return report;
}

/** A contact of the contract, made through the desk; answers its id and phone. */
export async function addContact(k: Seeded, name: string, role: string) {
  const phone = uniquePhone();
  const res = await k.desk('POST', `/api/desk/contracts/${k.contractId}/contacts`, { name, phone, role });
  expect(res.status).toBe(201);
  return { contactId: res.json.contactId as string, phone };
}

/** Sets the contract's escalation tiers through the desk, over the version it reads just before. */
export async function setEscalation(k: Seeded, tiers: readonly object[]) {
  const contract = await k.desk('GET', `/api/desk/contracts/${k.contractId}`);
  const res = await k.desk('PUT', `/api/desk/contracts/${k.contractId}/escalation`, {
    tiers,
    expectedVersion: contract.json.version,
  });
  expect(res.status).toBe(200);
}

/** The contract's escalation chain: tier 1 the dispatcher, tier 2 a PM contact, tier 3 a supervisor contact. */
export async function contractChain(k: Seeded) {
  const pm = await addContact(k, '项目经理 陈', 'x');
  const supervisor = await addContact(k, '主管 周', 'x');
  await setEscalation(k, [
    { tier: 1, staffIds: [k.dispatcher.staffId] },
    { tier: 2, contactIds: [pm.contactId] },
    { tier: 3, contactIds: [supervisor.contactId] },
  ]);
  return { pm, supervisor };
}
