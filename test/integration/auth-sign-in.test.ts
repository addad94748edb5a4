import { beforeAll, describe, expect, it } from 'vitest';
import {
  capturingSms,
  jsonRequest,
  loadSystem,
  manualClock,
  type System,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

const MIN = 60_000;

describe('sign-in by SMS code (services, time as a parameter)', () => {
  let system: System;
  beforeAll(async () => {
    system = await loadSystem();
  });

  async function setup(roles: ('engineer' | 'admin')[] = ['engineer']) {
    const sms = capturingSms(system);
    const ctx = { keys: system.signingKeys, sms: sms.port };
    const member = await system.staff.createStaff(
      { name: 'Chen Jie', phone: uniquePhone(), roles, companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    const clock = manualClock();
    const ip = uniqueIp();
    const request = () =>
      system.signIn.requestCode(ctx, { phone: member.phone, ip, lang: 'en', now: clock.now() });
    const verify = (code: string) =>
      system.signIn.verifyCode(ctx, { phone: member.phone, code, ip: uniqueIp(), now: clock.now() });
    return { sms, ctx, member, clock, ip, request, verify };
  }

  it('texts a 6-digit code to an active roster number and stores only its hash', async () => {
    const { sms, member, request } = await setup();

    expect(await request()).toBe('sent');

    expect(sms.sent).toHaveLength(1);
    const code = sms.codeFor(member.phone);
    expect(code).toMatch(/^[0-9]{6}$/);
    const { data: challenge } = await system.entities.signInChallenge.get({ phone: member.phone }).go();
    expect(JSON.stringify(challenge)).not.toContain(code);
    expect(challenge?.codeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('texts nothing to a number that is not on the roster, or not active', async () => {
    const { sms, ctx, member, clock, ip } = await setup();
    await system.entities.staff.patch({ staffId: member.staffId }).set({ active: false }).go();

    const unknown = await system.signIn.requestCode(ctx, {
      phone: uniquePhone(),
      ip,
      lang: 'en',
      now: clock.now(),
    });
    const inactive = await system.signIn.requestCode(ctx, {
      phone: member.phone,
      ip,
      lang: 'en',
      now: clock.now(),
    });

    expect([unknown, inactive]).toEqual(['not-on-roster', 'inactive']);
    expect(sms.sent).toHaveLength(0);
  });

  it('sends no second code within 60 s, and one after', async () => {
    const { sms, clock, request } = await setup();
    await request();

    clock.advance(59_000);
    expect(await request()).toBe('cooldown');
    clock.advance(1_000);
    expect(await request()).toBe('sent');
    expect(sms.sent).toHaveLength(2);
  });

  it('sends at most 10 codes to a number per China day, and again the next day', async () => {
    const { sms, clock, request } = await setup();
    clock.set('2026-11-25T00:00:00.000Z'); // 08:00 in Beijing
    const outcomes: string[] = [];
    for (let i = 0; i < 11; i++) {
      outcomes.push(await request());
      clock.advance(MIN + 1_000);
    }
    expect(outcomes.slice(0, 10).every((o) => o === 'sent')).toBe(true);
    expect(outcomes[10]).toBe('daily-cap');

    clock.set('2026-11-25T16:00:00.000Z'); // 00:00 the next day in Beijing
    expect(await request()).toBe('sent');
    expect(sms.sent).toHaveLength(11);
  });

  it('refuses more than 30 code requests an hour from one address, with 429', async () => {
    const { ctx, clock } = await setup();
    const ip = uniqueIp();
    const ask = () =>
      system.signIn.requestCode(ctx, { phone: uniquePhone(), ip, lang: 'en', now: clock.now() });
    for (let i = 0; i < 30; i++) await ask();

    await expect(ask()).rejects.toMatchObject({ code: 'rate_limited' });
    clock.advance(60 * MIN);
    await expect(ask()).resolves.toBe('not-on-roster');
  });

  it('accepts the right code once, within 5 minutes', async () => {
    const { sms, member, clock, request, verify } = await setup();
    await request();
    clock.advance(5 * MIN - 1);

    const tokens = await verify(sms.codeFor(member.phone));

    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresIn).toBe(900);
    expect(tokens.staff.id).toBe(member.staffId);
    await expect(verify(sms.codeFor(member.phone))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a code after 5 minutes', async () => {
    const { sms, member, clock, request, verify } = await setup();
    await request();
    clock.advance(5 * MIN);

    await expect(verify(sms.codeFor(member.phone))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('voids a code after 5 wrong guesses, even the right one after', async () => {
    const { sms, member, request, verify } = await setup();
    await request();
    const code = sms.codeFor(member.phone);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) await expect(verify(wrong)).rejects.toMatchObject({ code: 'unauthorized' });

    await expect(verify(code)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('accepts the right code after 4 wrong guesses', async () => {
    const { sms, member, request, verify } = await setup();
    await request();
    const code = sms.codeFor(member.phone);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++) await expect(verify(wrong)).rejects.toMatchObject({ code: 'unauthorized' });

    await expect(verify(code)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('lets parallel guesses use no more than 5 attempts', async () => {
    const { sms, member, request, verify } = await setup();
    await request();
    const code = sms.codeFor(member.phone);
    const wrong = code === '000000' ? '000001' : '000000';
    await Promise.allSettled(Array.from({ length: 12 }, () => verify(wrong)));

    const { data } = await system.entities.signInChallenge.get({ phone: member.phone }).go();
    expect(data?.attempts ?? 0).toBeLessThanOrEqual(5);
  });

  it('voids the previous code when a new one is sent', async () => {
    const { sms, member, clock, request, verify } = await setup();
    await request();
    const first = sms.codeFor(member.phone);
    clock.advance(MIN);
    await request();
    const second = sms.codeFor(member.phone);

    if (first !== second) await expect(verify(first)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(verify(second)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses more than 60 code checks an hour from one address, with 429', async () => {
    const { ctx, clock } = await setup();
    const ip = uniqueIp();
    const check = () =>
      system.signIn.verifyCode(ctx, { phone: uniquePhone(), code: '123456', ip, now: clock.now() });
    for (let i = 0; i < 60; i++) await expect(check()).rejects.toMatchObject({ code: 'unauthorized' });

    await expect(check()).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

describe('sign-in over HTTP', () => {
  let system: System;
  beforeAll(async () => {
    system = await loadSystem();
  });

  it('answers a code request the same for a roster number, an unknown one and one cooling down', async () => {
    const sms = capturingSms(system);
    const app = system.auth.createApp({ sms: sms.port, codeResponseFloorMs: 300 });
    const member = await system.staff.createStaff(
      { name: 'Sun Li', phone: uniquePhone(), roles: ['engineer'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    const ask = async (phone: string) => {
      const started = performance.now();
      const res = await app.request(
        '/api/auth/code',
        jsonRequest({ phone }, { 'x-forwarded-for': uniqueIp() }),
      );
      return { status: res.status, body: await res.text(), ms: performance.now() - started };
    };

    const known = await ask(member.phone);
    const unknown = await ask(uniquePhone());
    const cooling = await ask(member.phone);

    expect(sms.sent).toHaveLength(1);
    for (const answer of [known, unknown, cooling]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toBe(known.body);
      expect(answer.ms).toBeGreaterThanOrEqual(295);
    }
  });

  it('signs a person in with the code from the local outbox', async () => {
    const app = system.auth.app;
    const phone = uniquePhone();
    await system.staff.createStaff(
      { name: 'Admin', phone, roles: ['admin'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );

    const asked = await app.request('/api/auth/code', jsonRequest({ phone: phone.replace('+86', '') }));
    expect(asked.status).toBe(202);
    const message = (await system.outbox.listOutbox(50)).find((m) => m.to === phone);
    const code = message?.text.match(/[0-9]{6}/)?.[0] ?? '';
    const verified = await app.request('/api/auth/verify', jsonRequest({ phone, code }));

    expect(verified.status).toBe(200);
    expect(verified.headers.get('cache-control')).toBe('no-store');
    const tokens = (await verified.json()) as {
      accessToken: string;
      refreshToken: string;
      staff: { roles: string[] };
    };
    expect(tokens.staff.roles).toEqual(['admin']);
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers a wrong code with 401 and a message in the caller language', async () => {
    const res = await system.auth.app.request(
      '/api/auth/verify',
      jsonRequest({ phone: uniquePhone(), code: '123456' }, { 'accept-language': 'zh-CN' }),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: '请先登录' } });
  });

  it('takes the address for limits from API Gateway, not from X-Forwarded-For', async () => {
    const app = system.auth.createApp({ codeResponseFloorMs: 0 });
    const sourceIp = uniqueIp();
    const env = { requestContext: { http: { sourceIp } } };
    for (let i = 0; i < 30; i++) {
      const res = await app.request(
        '/api/auth/code',
        jsonRequest({ phone: uniquePhone() }, { 'x-forwarded-for': uniqueIp() }),
        env,
      );
      expect(res.status).toBe(202);
    }
    const res = await app.request(
      '/api/auth/code',
      jsonRequest({ phone: uniquePhone() }, { 'x-forwarded-for': uniqueIp() }),
      env,
    );
    expect(res.status).toBe(429);
  });
});
