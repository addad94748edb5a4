/**
 * The field benches' stage (offline-drain, lighthouse): the PWA built into a temporary folder, the local
 * stack on it (DynamoDB Local in memory + the local server, in this process), and an engineer on the roster
 * with an assigned ticket and an inspection visit, made through the desk and public APIs as a dispatcher
 * would. Also a way to put that engineer's session into a browser, as the sign-in page would store it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { generateSigningKey } from '../functions/auth/keys.ts';
import { startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalServer } from '../infra/local/server.ts';
import { ensureTable } from '../infra/local/table.ts';

const ROOT = join(import.meta.dirname, '..');
const TABLE = 'sitecall-bench-field';

/** The PWA built as `npm run build` builds it, into a temporary folder; `manifest` adds Vite's manifest. */
export async function buildWeb(manifest = false): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sitecall-web-'));
  await build({
    configFile: join(ROOT, 'web', 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: dir, emptyOutDir: true, manifest },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  staff: { id: string; name: string; roles: string[]; companyId: string };
}

export interface FieldStage {
  url: string;
  engineer: Tokens;
  desk: string;
  contractId: string;
  ticketId: string;
  call: <T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: object,
  ) => Promise<T>;
  stop: () => Promise<void>;
}

const freshPhone = () => `+86139${String(randomInt(10_000_000, 99_999_999))}`;

/**
 * Starts the stack and sets the stage: a level-A contract with one site, `devices` firewalls there, one
 * fault on the first, assigned to the engineer, and this quarter's visit (one form per device).
 */
export async function fieldStage(options: { devices?: number } = {}): Promise<FieldStage> {
  const web = await buildWeb();
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE);
  client.destroy();
  process.env.TABLE_NAME = TABLE;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const { privateKeyPem } = await generateSigningKey();
  const server = await startLocalServer({
    port: 0,
    webDir: web.dir,
    tableName: TABLE,
    dynamoEndpoint: dynamo.endpoint,
    version: 'bench',
    signingKeyPem: privateKeyPem,
    timers: false,
  });
  const url = server.url;

  const call = async <T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers = {},
  ) => {
    const res = await fetch(`${url}/api${path}`, {
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
  };

  const { createStaff } = await import('../functions/store/staff.ts');
  const signIn = async (name: string, role: 'dispatcher' | 'engineer'): Promise<Tokens> => {
    const phone = freshPhone();
    await createStaff(
      { name, phone, roles: [role], companyId: 'default' },
      { kind: 'system', id: 'bench' },
      new Date(),
    );
    await call('POST', '/auth/code', null, { phone });
    for (let tries = 0; tries < 50; tries += 1) {
      const res = await fetch(`${url}/dev/outbox?format=json`);
      const { messages } = (await res.json()) as { messages: { to: string; text: string }[] };
      const code = messages
        .filter((m) => m.to === phone)
        .at(-1)
        ?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
      if (code !== undefined) return call<Tokens>('POST', '/auth/verify', null, { phone, code });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no sign-in code');
  };

  const desk = (await signIn('赵调度', 'dispatcher')).accessToken;
  const engineer = await signIn('陈工程师', 'engineer');

  const { customerId } = await call<{ customerId: string }>('POST', '/desk/customers', desk, {
    name: '华东数据中心',
  });
  const { contractId } = await call<{ contractId: string }>('POST', '/desk/contracts', desk, {
    customerId,
    name: '2026 年度维保合同',
    serviceLevel: 'A',
    timeZone: 'Asia/Shanghai',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
  const { siteId } = await call<{ siteId: string }>('POST', `/desk/contracts/${contractId}/sites`, desk, {
    name: '一号机房',
    address: '上海市浦东新区张江路 1 号',
    lat: 31.2,
    lng: 121.6,
    checkInRadiusM: 200,
  });
  const deviceIds: string[] = [];
  for (let i = 0; i < (options.devices ?? 1); i += 1) {
    const { deviceId } = await call<{ deviceId: string }>(
      'POST',
      `/desk/contracts/${contractId}/devices`,
      desk,
      {
        category: 'firewall',
        model: 'Juniper SRX-3600',
        serial: `SRX-B-${String(i).padStart(4, '0')}`,
        siteId,
        serviceStart: '2026-01-01',
        serviceEnd: '2027-12-31',
      },
    );
    deviceIds.push(deviceId);
  }
  const { labels } = await call<{ labels: { qrPath: string }[] }>(
    'POST',
    `/desk/contracts/${contractId}/devices/labels`,
    desk,
    { deviceIds: deviceIds.slice(0, 1) },
  );
  const { number } = await call<{ number: string }>(
    'POST',
    '/public/intake',
    null,
    {
      description: '防火墙告警灯常亮',
      answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
      contactName: '李工',
      contactPhone: '+8613900001234',
      idempotencyKey: randomUUID(),
    },
    { authorization: `Link ${(labels[0]?.qrPath ?? '').replace('/q/', '')}` },
  );
  const { tickets } = await call<{ tickets: { ticketId: string; number: string; version: number }[] }>(
    'GET',
    `/desk/board?contractId=${contractId}`,
    desk,
  );
  const ticket = tickets.find((t) => t.number === number);
  if (ticket === undefined) throw new Error('no ticket');
  await call('POST', `/desk/tickets/${ticket.ticketId}/assign`, desk, {
    engineerId: engineer.staff.id,
    expectedVersion: ticket.version,
  });
  const now = new Date();
  await call('POST', `/desk/contracts/${contractId}/inspection-visits`, desk, {
    quarter: `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`,
    dueDate: '2027-12-15',
    engineerId: engineer.staff.id,
  });

  return {
    url,
    engineer,
    desk,
    contractId,
    ticketId: ticket.ticketId,
    call,
    stop: async () => {
      await server.close();
      await dynamo.stop();
      web.remove();
    },
  };
}

/** Stores the engineer's session in the page's origin as the sign-in page does (web/src/offline/session-store.ts). */
export async function putSession(page: Page, tokens: Tokens): Promise<void> {
  await page.evaluate(
    (session) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sitecall-session', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('session');
          open.result.createObjectStore('signOut');
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('session', 'readwrite');
          tx.objectStore('session').put(session, 'current');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    {
      accessToken: tokens.accessToken,
      accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
      refreshToken: tokens.refreshToken,
      staff: tokens.staff,
      signedInAt: Date.now(),
    },
  );
}
