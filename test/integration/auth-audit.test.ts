import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  capturingSms,
  loadSystem,
  type System,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

const run = promisify(execFile);
const bySystem = { kind: 'system', id: 'test' } as const;

describe('audit trail', () => {
  let system: System;
  beforeAll(async () => {
    system = await loadSystem();
  });

  it('records who created a staff member, when, and each field after', async () => {
    const companyId = uniqueCompany();
    const at = new Date('2026-11-25T03:00:00.000Z');
    const member = await system.staff.createStaff(
      { name: 'Liu Yang', phone: uniquePhone(), roles: ['dispatcher', 'engineer'], companyId },
      { kind: 'admin-cli', id: 'ops' },
      at,
    );

    const [record, ...more] = await system.audit.auditOfObject('staff', member.staffId);

    expect(more).toEqual([]);
    expect(record).toMatchObject({
      at: at.toISOString(),
      action: 'create',
      actorKind: 'admin-cli',
      actorId: 'ops',
      companyId,
      changes: {
        name: { before: null, after: 'Liu Yang' },
        phone: { before: null, after: member.phone },
        roles: { before: null, after: ['dispatcher', 'engineer'] },
        active: { before: null, after: true },
      },
    });
    expect(Object.keys(record?.changes as object)).not.toContain('version');
  });

  it('writes no record when the change fails: both fail together', async () => {
    const companyId = uniqueCompany();
    const phone = uniquePhone();
    await system.staff.createStaff(
      { name: 'First', phone, roles: ['engineer'], companyId },
      bySystem,
      new Date(),
    );

    await expect(
      system.staff.createStaff(
        { name: 'Second', phone, roles: ['engineer'], companyId },
        bySystem,
        new Date(),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });

    const records = await system.audit.auditOfCompany(companyId);
    expect(records.map((r) => r.action)).toEqual(['create']);
    expect(await system.staff.listStaffOfCompany(companyId)).toHaveLength(1);
  });

  it('keeps only the changed fields, before and after', () => {
    expect(
      system.audit.changedFields(
        { name: 'A', active: true, version: 1, roles: ['engineer'] },
        { name: 'B', active: true, version: 2, roles: ['engineer'] },
      ),
    ).toEqual({ name: { before: 'A', after: 'B' } });
  });

  it('shows the desk the records of a contract, and nothing of another company', async () => {
    const companyId = uniqueCompany();
    const contractId = `k-${companyId}`;
    const { link } = await system.links.createCustomerLink({ companyId, contractId }, bySystem, new Date());
    await system.links.revokeCustomerLink(link, bySystem, new Date());
    const sms = capturingSms(system);
    const ctx = { keys: system.signingKeys, sms: sms.port };
    const tokenOf = async (company: string) => {
      const member = await system.staff.createStaff(
        { name: 'Desk', phone: uniquePhone(), roles: ['dispatcher'], companyId: company },
        bySystem,
        new Date(),
      );
      await system.signIn.requestCode(ctx, {
        phone: member.phone,
        ip: uniqueIp(),
        lang: 'en',
        now: new Date(),
      });
      const tokens = await system.signIn.verifyCode(ctx, {
        phone: member.phone,
        code: sms.codeFor(member.phone),
        ip: uniqueIp(),
        now: new Date(),
      });
      return tokens.accessToken;
    };
    const read = async (token: string) => {
      const res = await system.desk.app.request(`/api/desk/audit?contractId=${contractId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await res.json()) as { records: { action: string; entity: string }[] };
    };

    const own = await read(await tokenOf(companyId));
    const foreign = await read(await tokenOf(uniqueCompany()));

    expect(own.records.map((r) => `${r.entity}:${r.action}`)).toEqual([
      'customerLink:revoke',
      'customerLink:create',
    ]);
    expect(foreign.records).toEqual([]);
    expect(await system.links.findLiveLink('A'.repeat(43))).toBeUndefined();
  });
});

describe('the first admin', () => {
  beforeAll(async () => {
    // Loads the modules against DynamoDB Local with a signing key, as the other tests do.
    await loadSystem();
  });

  it('is created once per phone number by ensureFirstAdmin', async () => {
    const { ensureFirstAdmin } = await import('../../functions/auth/first-admin.ts');
    const phone = uniquePhone();

    const first = await ensureFirstAdmin({ name: 'Ops', phone: phone.replace('+86', '') });
    const again = await ensureFirstAdmin({ name: 'Someone else', phone });

    expect(first.created).toBe(true);
    expect(first.staff).toMatchObject({ phone, roles: ['admin'], active: true, companyId: 'default' });
    expect(again).toMatchObject({ created: false, staff: { staffId: first.staff.staffId, name: 'Ops' } });
    await expect(ensureFirstAdmin({ name: 'X', phone: '12' })).rejects.toThrow(/phone/);
  });

  it('is created by npm run admin -- create', async () => {
    const phone = uniquePhone();
    const env = {
      ...process.env,
      TABLE_NAME: inject('tableName'),
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    };
    const args = [
      'tsx',
      'functions/cli/admin.ts',
      'create',
      '--name',
      'Ops Lead',
      '--phone',
      phone,
      '--company',
      'acme',
    ];

    const created = await run('npx', args, { env });
    const again = await run('npx', args, { env });

    expect(created.stdout).toMatch(new RegExp(`admin created: Ops Lead \\${phone} .*company acme`));
    expect(again.stdout).toMatch(/already on the roster/);
    await expect(
      run('npx', ['tsx', 'functions/cli/admin.ts', 'create', '--name', 'X'], { env }),
    ).rejects.toMatchObject({
      code: 2,
    });
  });
});
