import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { checkDraft, emptyDraft, failureOf, type IntakeDraft, liveLevel, newIdempotencyKey } from './form';

const KEY = '7d1d4bde-9a43-4c2e-8d6a-2f1b8c9e0a11';
const qr = { via: 'deviceQr' as const, fixedDeviceId: 'dev-1' };
const link = { via: 'contractLink' as const, fixedDeviceId: null };

function filled(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    ...emptyDraft({ fixedDeviceId: null, devices: [] }),
    description: '防火墙告警灯常亮，外网无法访问',
    answers: { serviceDown: true, businessInterrupted: false, dataLost: false, degraded: null },
    contactName: '李工',
    contactPhone: '139 0000 1234',
    ...overrides,
  };
}

describe('liveLevel', () => {
  const none = { serviceDown: null, businessInterrupted: null, dataLost: null, degraded: null };

  it('proposes level 1 as soon as any of the three questions is yes', () => {
    expect(liveLevel({ ...none, dataLost: true })).toBe(1);
  });

  it('waits for all three answers before proposing a lower level', () => {
    expect(liveLevel({ ...none, serviceDown: false })).toBeNull();
    expect(liveLevel({ ...none, serviceDown: false, businessInterrupted: false, dataLost: false })).toBe(3);
  });

  it('proposes level 2 when the follow-up is yes after three noes', () => {
    const answers = { serviceDown: false, businessInterrupted: false, dataLost: false, degraded: true };
    expect(liveLevel(answers)).toBe(2);
  });
});

describe('checkDraft', () => {
  it('builds the body the server expects, with the phone in international form', () => {
    const result = checkDraft(filled(), qr, KEY, 'zh-CN');

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toMatchObject({
      deviceId: 'dev-1',
      contactPhone: '+8613900001234',
      idempotencyKey: KEY,
      language: 'zh-CN',
      answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
    });
    expect(result.body.website).toBeUndefined();
  });

  it('names every field at fault at once', () => {
    const draft = filled({
      description: '   ',
      contactPhone: '12345',
      answers: { serviceDown: null, businessInterrupted: false, dataLost: false, degraded: null },
    });

    const result = checkDraft(draft, link, KEY, 'en');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      deviceId: { problem: 'required' },
      description: { problem: 'required' },
      'answers.serviceDown': { problem: 'answer' },
      contactPhone: { problem: 'phone' },
    });
  });

  it('leaves the follow-up question out unless all three are no', () => {
    const draft = filled({
      answers: { serviceDown: true, businessInterrupted: false, dataLost: false, degraded: true },
    });

    const result = checkDraft(draft, qr, KEY, 'zh-CN');

    expect(result.ok).toBe(true);
    expect(result.ok && 'degraded' in result.body.answers).toBe(false);
  });

  it('does not send a form whose hidden field a bot filled', () => {
    const result = checkDraft(filled({ website: 'http://spam.example' }), qr, KEY, 'zh-CN');

    expect(result).toEqual({ ok: false, errors: {} });
  });
});

describe('failureOf', () => {
  const http = (status: number, error: unknown) => new ApiError('http', 'x', status, { error });

  it('puts a 400 about a field beside that field, in the server’s words without the field name', () => {
    const failure = failureOf(
      http(400, { code: 'bad_request', field: 'contactPhone', message: 'contactPhone:不是有效的手机号码' }),
      true,
    );

    expect(failure).toEqual({ kind: 'field', field: 'contactPhone', message: '不是有效的手机号码' });
  });

  it('tells a dead link, a limit and a lost connection apart', () => {
    expect(failureOf(http(404, { code: 'not_found' }), true)).toEqual({ kind: 'notFound' });
    expect(failureOf(http(429, { code: 'rate_limited' }), true)).toEqual({ kind: 'rateLimited' });
    expect(failureOf(new ApiError('network', 'x'), false)).toEqual({ kind: 'offline' });
    expect(failureOf(new ApiError('network', 'x'), true)).toEqual({ kind: 'unreachable' });
    expect(failureOf(http(500, {}), true)).toEqual({ kind: 'server' });
  });
});

describe('newIdempotencyKey', () => {
  it('makes a version 4 UUID also where randomUUID is missing (plain http)', () => {
    const noRandomUuid = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto;

    const key = newIdempotencyKey(noRandomUuid);

    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
