import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  RefreshBodySchema,
  RequestCodeBodySchema,
  SignOutBodySchema,
  VerifyCodeBodySchema,
} from '../../shared/auth/schemas.ts';
import { loadSystem, type System } from './auth-fixtures.ts';

const ENDPOINTS = [
  ['/api/auth/code', RequestCodeBodySchema],
  ['/api/auth/verify', VerifyCodeBodySchema],
  ['/api/auth/refresh', RefreshBodySchema],
  ['/api/auth/sign-out', SignOutBodySchema],
] as const;

/** Bodies near the real ones (right keys, wrong values) and anything else JSON can hold. */
const nearMiss = fc.record(
  {
    phone: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant('+8613'),
      fc.constant(null),
      fc.stringMatching(/^[0-9]{11}$/),
    ),
    code: fc.oneof(fc.string(), fc.integer(), fc.stringMatching(/^[0-9]{5,7}$/)),
    refreshToken: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{40,46}$/)),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(nearMiss, fc.jsonValue(), fc.string());

describe('bad bodies of the auth endpoints', () => {
  let system: System;
  let store: typeof import('../../functions/lib/store.ts');
  beforeAll(async () => {
    system = await loadSystem();
    store = await import('../../functions/lib/store.ts');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(ENDPOINTS)('%s answers 400 naming the field, and touches no data', async (path, schema) => {
    const app = system.auth.createApp({ codeResponseFloorMs: 0 });
    const send = vi.spyOn(store.documents, 'send');
    await fc.assert(
      fc.asyncProperty(anyBody, fc.constantFrom('en', 'zh-CN'), async (body, lang) => {
        const raw = typeof body === 'string' ? body : JSON.stringify(body);
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = Symbol('not json');
        }
        fc.pre(!schema.safeParse(parsed).success);

        const res = await app.request(path, {
          method: 'POST',
          body: raw,
          headers: { 'content-type': 'application/json', 'accept-language': lang },
        });

        expect(res.status).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; field: string; message: string } };
        expect(error.code).toBe('bad_request');
        expect(error.field.length).toBeGreaterThan(0);
        expect(error.message.startsWith(error.field)).toBe(true);
      }),
      { numRuns: 80 },
    );
    expect(send).not.toHaveBeenCalled();
  });

  it('says what is wrong in the caller language', async () => {
    const ask = (lang: string, body: unknown) =>
      system.auth.app.request('/api/auth/code', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'accept-language': lang },
      });

    expect(await (await ask('en-US', { phone: '12345' })).json()).toEqual({
      error: { code: 'bad_request', field: 'phone', message: 'phone: not a valid phone number' },
    });
    expect(await (await ask('zh-CN,zh;q=0.9', { phone: '12345' })).json()).toEqual({
      error: { code: 'bad_request', field: 'phone', message: 'phone:不是有效的手机号码' },
    });
    const missing = (await (await ask('zh', {})).json()) as { error: { field: string; message: string } };
    expect(missing.error.field).toBe('phone');
    expect(missing.error.message).toMatch(/^phone:.*[\u4e00-\u9fff]/);
    const extra = (await (await ask('en', { phone: '13800138000', admin: true })).json()) as {
      error: { field: string };
    };
    expect(extra.error.field).toBe('admin');
  });

  it('answers a body that is not JSON with 400 on the field "body"', async () => {
    const res = await system.auth.app.request('/api/auth/verify', {
      method: 'POST',
      body: '{"phone":',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', field: 'body', message: 'body: not valid JSON' },
    });
  });
});
