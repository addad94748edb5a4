import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';

interface PublicModule {
  app: { request(path: string, init?: RequestInit): Promise<Response> };
  handler: (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;
}

async function loadPublic(env: Record<string, string>): Promise<PublicModule> {
  vi.resetModules();
  Object.assign(process.env, env);
  return (await import('../../functions/handlers/public.ts')) as PublicModule;
}

function httpApiEvent(method: string, path: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.test', 'accept-language': 'en' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
  };
}

describe('GET /api/health', () => {
  let mod: PublicModule;
  beforeAll(async () => {
    mod = await loadPublic({
      TABLE_NAME: inject('tableName'),
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      APP_VERSION: '9.9.9-test',
    });
  });

  it('reports the version and a store that answers, through the Hono app', async () => {
    const res = await mod.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { version: string; store: string; time: string };
    expect(body.version).toBe('9.9.9-test');
    expect(body.store).toBe('up');
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  it('answers the same through the Lambda handler given an HTTP API event', async () => {
    const res = await mod.handler(httpApiEvent('GET', '/api/health'), {} as Context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ version: '9.9.9-test', store: 'up' });
    // API Gateway serves https only: the answer carries HSTS there (and never on the local http server).
    expect(res.headers?.['strict-transport-security']).toMatch(/^max-age=\d+/);
    const local = await mod.app.request('http://127.0.0.1/api/health');
    expect(local.headers.get('strict-transport-security')).toBeNull();
  });

  it('says the store is down with 503 when the table is missing', async () => {
    const broken = await loadPublic({
      TABLE_NAME: 'no-such-table',
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      APP_VERSION: '9.9.9-test',
    });
    const res = await broken.app.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ store: 'down' });
  });
});

describe('routes of audiences not built yet', () => {
  it.each(['/api/public/not-built', '/api/auth/sign-in', '/api/field/tickets', '/api/desk/not-built'])(
    '%s answers 501 with a JSON error in the caller language',
    async (path) => {
      const audience = path.split('/')[2] as string;
      vi.resetModules();
      const { app } = (await import(`../../functions/handlers/${audience}.ts`)) as PublicModule;
      const res = await app.request(path, { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({
        error: { code: 'not_implemented', message: 'This is not available yet' },
      });
    },
  );

  it('refuses a body over 64 KB with 413 before reading it', async () => {
    vi.resetModules();
    const { app } = (await import('../../functions/handlers/desk.ts')) as PublicModule;
    const res = await app.request('/api/desk/anything', {
      method: 'POST',
      body: 'x'.repeat(64 * 1024 + 1),
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: '请求内容过大(上限 64 KB)' },
    });
  });
});
