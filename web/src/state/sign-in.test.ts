import { describe, expect, it, vi } from 'vitest';
import type { Tokens } from '../api/auth';
import { ApiError } from '../api/client';
import { classifyError, createSignInFlow, type SignInDeps } from './sign-in';

const t0 = Date.parse('2026-11-25T06:00:00Z');
const staff = { id: 'st-1', name: '王管理', roles: ['admin' as const], companyId: 'default' };
const tokens: Tokens = { accessToken: 'a', expiresIn: 900, refreshToken: 'r', staff };
const httpError = (status: number, error?: object) =>
  new ApiError('http', `HTTP ${status}`, status, error ? { error } : undefined);

function flowWith(overrides: Partial<SignInDeps> = {}) {
  const deps: SignInDeps = {
    requestCode: vi.fn(async () => ({ resendAfterSeconds: 60 })),
    verifyCode: vi.fn(async () => tokens),
    signIn: vi.fn(async () => undefined),
    now: () => t0,
    isOnline: () => true,
    lang: () => 'zh-CN',
    ...overrides,
  };
  return { flow: createSignInFlow(deps), deps };
}

describe('classifyError', () => {
  it('words each failure the screen must tell apart', () => {
    expect(classifyError(httpError(401), true, 'code')).toEqual({ kind: 'codeRefused' });
    expect(classifyError(httpError(429), true, 'phone')).toEqual({ kind: 'rateLimited' });
    expect(classifyError(httpError(500), true, 'phone')).toEqual({ kind: 'server' });
    expect(classifyError(new ApiError('invalid', 'html'), true, 'phone')).toEqual({ kind: 'server' });
  });

  it('passes on the server message about a refused number', () => {
    const zh = httpError(400, { code: 'bad_request', message: 'phone:不是有效的手机号码', field: 'phone' });
    const en = httpError(400, { code: 'bad_request', message: 'phone: not a valid number', field: 'phone' });

    expect(classifyError(zh, true, 'phone')).toEqual({ kind: 'phoneInvalid', message: '不是有效的手机号码' });
    expect(classifyError(en, true, 'phone')).toEqual({ kind: 'phoneInvalid', message: 'Not a valid number' });
  });

  it('tells offline from a server that does not answer by the device connection', () => {
    const noAnswer = new ApiError('network', 'no answer');

    expect(classifyError(noAnswer, false, 'phone')).toEqual({ kind: 'offline' });
    expect(classifyError(noAnswer, true, 'phone')).toEqual({ kind: 'server' });
  });
});

describe('sign-in flow', () => {
  it('moves to the code step with the resend countdown from the answer', async () => {
    const { flow, deps } = flowWith({ requestCode: vi.fn(async () => ({ resendAfterSeconds: 45 })) });
    flow.setPhone(' 138 0013 8000 ');

    await flow.sendCode();

    expect(deps.requestCode).toHaveBeenCalledWith('138 0013 8000', { lang: 'zh-CN' });
    expect(flow.getState()).toMatchObject({ step: 'code', resendAt: t0 + 45_000, error: null, busy: null });
  });

  it('does not ask for a code without a number', async () => {
    const { flow, deps } = flowWith();

    await flow.sendCode();

    expect(deps.requestCode).not.toHaveBeenCalled();
    expect(flow.getState().error).toEqual({ kind: 'phoneMissing' });
  });

  it('keeps what was typed when offline', async () => {
    const { flow } = flowWith({
      requestCode: async () => {
        throw new ApiError('network', 'no answer');
      },
      isOnline: () => false,
    });
    flow.setPhone('13800138000');

    await flow.sendCode();

    expect(flow.getState()).toMatchObject({
      step: 'phone',
      phone: '13800138000',
      error: { kind: 'offline' },
    });
  });

  it('refuses a resend before the countdown is over', async () => {
    const { flow, deps } = flowWith();
    flow.setPhone('13800138000');
    await flow.sendCode();

    await flow.resend();

    expect(deps.requestCode).toHaveBeenCalledTimes(1);
  });

  it('checks the code format before spending an attempt', async () => {
    const { flow, deps } = flowWith();
    flow.setPhone('13800138000');
    await flow.sendCode();

    await flow.verify('12345');

    expect(deps.verifyCode).not.toHaveBeenCalled();
    expect(flow.getState().error).toEqual({ kind: 'codeFormat' });
  });

  it('reports a refused code and keeps the session untouched', async () => {
    const { flow, deps } = flowWith({
      verifyCode: async () => {
        throw httpError(401, { code: 'unauthorized' });
      },
    });
    flow.setPhone('13800138000');
    await flow.sendCode();

    const staffMember = await flow.verify('123 456');

    expect(staffMember).toBeNull();
    expect(flow.getState().error).toEqual({ kind: 'codeRefused' });
    expect(deps.signIn).not.toHaveBeenCalled();
  });

  it('keeps the session, then gives the staff member, on a right code', async () => {
    const { flow, deps } = flowWith();
    flow.setPhone('13800138000');
    await flow.sendCode();

    const staffMember = await flow.verify('123456');

    expect(deps.verifyCode).toHaveBeenCalledWith('13800138000', '123456', { lang: 'zh-CN' });
    expect(deps.signIn).toHaveBeenCalledWith(tokens);
    expect(staffMember).toEqual(staff);
  });
});
