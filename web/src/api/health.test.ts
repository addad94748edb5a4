import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import { getHealth, parseHealth } from './health';

const report = { version: '0.1.0', store: 'up', time: '2026-11-25T06:00:00Z' };

function answerWith(response: Response | Error) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      if (response instanceof Error) throw response;
      return response;
    }),
  );
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('parseHealth', () => {
  it('accepts the documented shape', () => {
    expect(parseHealth(report)).toEqual(report);
  });

  it.each([[null], ['ok'], [{ version: '0.1.0', store: 'maybe', time: '' }], [{ store: 'up', time: '' }]])(
    'rejects %j',
    (body) => {
      expect(() => parseHealth(body)).toThrow(TypeError);
    },
  );
});

describe('getHealth', () => {
  it('returns the report of a healthy service', async () => {
    answerWith(json(report, 200));

    await expect(getHealth()).resolves.toEqual(report);
  });

  it('returns the report of a 503 whose store is down', async () => {
    answerWith(json({ ...report, store: 'down' }, 503));

    await expect(getHealth()).resolves.toEqual({ ...report, store: 'down' });
  });

  it('fails with the status on a 503 without a report, e.g. from a proxy', async () => {
    answerWith(new Response('Service Unavailable', { status: 503 }));

    await expect(getHealth()).rejects.toMatchObject({ kind: 'http', status: 503 });
  });

  it('fails as a network error when fetch cannot connect', async () => {
    answerWith(new TypeError('Failed to fetch'));

    const error = await getHealth().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('fails as invalid when a 200 is not a health report', async () => {
    answerWith(new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }));

    await expect(getHealth()).rejects.toMatchObject({ kind: 'invalid' });
  });
});
