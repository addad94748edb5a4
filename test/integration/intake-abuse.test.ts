import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type IntakeSystem,
  intakeBody,
  linkAuth,
  loadIntakeSystem,
  postIntake,
  reportFault,
  seedContract,
} from './intake-fixtures.ts';

describe('abuse of the public form', () => {
  let s: IntakeSystem;
  beforeAll(async () => {
    s = await loadIntakeSystem();
  });

  it('answers a revoked link, an unknown token and a status token on the form with the same 404', async () => {
    const k = await seedContract(s, 'A');
    const report = await reportFault(s, k);
    const revoked = await k.desk('POST', `/api/desk/contracts/${k.contractId}/links/${k.linkId}/revoke`);
    expect(revoked.status).toBe(204);
    const answers = await Promise.all([
      call(s.publicApp, 'GET', '/api/public/intake', linkAuth(k.linkToken)),
      postIntake(s, linkAuth(k.linkToken), intakeBody(k.deviceIds[0])),
      call(s.publicApp, 'GET', '/api/public/intake', linkAuth('A'.repeat(43))),
      call(s.publicApp, 'GET', '/api/public/intake', linkAuth(report.json.statusToken)),
      call(s.publicApp, 'GET', '/api/public/status', linkAuth(k.linkToken)),
      call(s.publicApp, 'GET', '/api/public/intake', {}),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    // The status link of a ticket made before the revocation still works.
    expect(
      (await call(s.publicApp, 'GET', '/api/public/status', linkAuth(report.json.statusToken))).status,
    ).toBe(200);
  });

  it('refuses a filled honeypot with a 400 and writes nothing', async () => {
    const k = await seedContract(s, 'A');
    const res = await postIntake(
      s,
      linkAuth(k.linkToken),
      intakeBody(k.deviceIds[0], { website: 'http://buy.example' }),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('website');
    expect((await k.desk('GET', '/api/desk/board')).json.tickets).toEqual([]);
  });

  it('names the field and the reason in the caller language', async () => {
    const k = await seedContract(s, 'A');
    const zh = await postIntake(
      s,
      { ...linkAuth(k.linkToken), 'accept-language': 'zh-CN' },
      intakeBody(k.deviceIds[0], { contactPhone: '12' }),
    );
    expect(zh.status).toBe(400);
    expect(zh.json.error).toEqual({
      code: 'bad_request',
      field: 'contactPhone',
      message: 'contactPhone:不是有效的手机号码',
    });
    const en = await postIntake(
      s,
      linkAuth(k.linkToken),
      intakeBody(k.deviceIds[0], { deviceId: 'x'.repeat(16) }),
    );
    expect(en.json.error).toMatchObject({
      field: 'deviceId',
      message: 'deviceId: choose a device of this contract',
    });
  });

  it('limits the public POST per link and per address (429)', async () => {
    const k = await seedContract(s, 'A');
    const app = s.publicWithLimits({ perLinkPerHour: 3, perIpPerHour: 2 });
    const report = (headers: Record<string, string> = {}) =>
      call(
        app,
        'POST',
        '/api/public/intake',
        { ...linkAuth(k.linkToken), ...headers },
        intakeBody(k.deviceIds[0]),
      );
    const fromOneAddress = [];
    for (let i = 0; i < 3; i++) {
      fromOneAddress.push((await report({ 'x-forwarded-for': '198.51.100.7' })).status);
    }
    expect(fromOneAddress).toEqual([201, 201, 429]);
    const other = await report();
    expect(other.status).toBe(429); // the link's 3 per hour are used
    s.clock.advance(3600_000);
    const nextHour = await report();
    expect(nextHour.status).toBe(201);
  });
});
