/**
 * A customer edited at the desk: name and contact details, version-checked, audited in the same
 * transaction, bad input named in the caller's language, a new name carried onto every contract of
 * the customer (and so onto its report form), another company's customer answered as missing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type IntakeSystem, linkAuth, loadIntakeSystem, seedContract } from './intake-fixtures.ts';

describe('a customer edited at the desk', () => {
  let s: IntakeSystem;
  beforeAll(async () => {
    s = await loadIntakeSystem();
  });

  async function customerOf(k: Awaited<ReturnType<typeof seedContract>>) {
    const contract = (await k.desk('GET', `/api/desk/contracts/${k.contractId}`)).json;
    return (await k.desk('GET', `/api/desk/customers/${contract.customerId}`)).json;
  }

  it('saves the name and contact details with the next version and an audit record', async () => {
    const k = await seedContract(s, 'B');
    const before = await customerOf(k);
    expect(before).toMatchObject({
      name: '某市数据中心',
      phone: null,
      email: null,
      address: null,
      version: 1,
    });
    const path = `/api/desk/customers/${before.customerId}`;
    const saved = await k.desk('PUT', path, {
      name: '某市大数据中心',
      phone: '021 5555 0000',
      email: 'it@dc.example.cn',
      address: '上海市浦东新区数据路 1 号',
      notes: '夜间请打总机',
      expectedVersion: 1,
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      name: '某市大数据中心',
      phone: '+862155550000',
      email: 'it@dc.example.cn',
      address: '上海市浦东新区数据路 1 号',
      notes: '夜间请打总机',
      version: 2,
    });
    expect((await k.desk('GET', path)).json).toEqual(saved.json);

    const audit = await k.desk('GET', `/api/desk/audit?entity=customer&id=${before.customerId}`);
    expect(audit.status).toBe(200);
    const update = audit.json.records.find((r: { action: string }) => r.action === 'update');
    expect(update.changes).toMatchObject({
      name: { before: '某市数据中心', after: '某市大数据中心' },
      phone: { before: null, after: '+862155550000' },
    });

    // A detail left out is cleared.
    const cleared = await k.desk('PUT', path, { name: '某市大数据中心', expectedVersion: 2 });
    expect(cleared.json).toMatchObject({ phone: null, email: null, address: null, notes: null, version: 3 });
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const k = await seedContract(s, 'C');
    const c = await customerOf(k);
    const path = `/api/desk/customers/${c.customerId}`;
    expect((await k.desk('PUT', path, { name: 'First', expectedVersion: 1 })).status).toBe(200);
    const stale = await k.desk('PUT', path, { name: 'Second', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await k.desk('GET', path)).json).toMatchObject({ name: 'First', version: 2 });
  });

  it('names the bad field in the caller’s language and writes nothing', async () => {
    const k = await seedContract(s, 'C');
    const c = await customerOf(k);
    const path = `/api/desk/customers/${c.customerId}`;
    const en = await k.desk('PUT', path, { name: 'X', phone: '12345', expectedVersion: 1 });
    expect(en.status).toBe(400);
    expect(en.json.error).toMatchObject({ field: 'phone', message: 'phone: not a valid phone number' });
    const zh = await call(
      s.deskApp,
      'PUT',
      path,
      { ...k.dispatcher.auth, 'accept-language': 'zh-CN' },
      {
        name: 'X',
        email: 'not-an-address',
        expectedVersion: 1,
      },
    );
    expect(zh.status).toBe(400);
    expect(zh.json.error.field).toBe('email');
    expect(zh.json.error.message).toMatch(/^email:/);
    expect(zh.json.error.message).toMatch(/[\u4e00-\u9fff]/);
    for (const body of [
      { name: '', expectedVersion: 1 },
      { name: 'X'.repeat(101), expectedVersion: 1 },
      { name: 'X', expectedVersion: 1, companyId: 'other' },
      { name: 'X' },
    ]) {
      const refused = await k.desk('PUT', path, body);
      expect(refused.status).toBe(400);
    }
    expect((await k.desk('GET', path)).json).toMatchObject({ name: '某市数据中心', version: 1 });
  });

  it('carries a new name onto every contract of the customer and its report form', async () => {
    const k = await seedContract(s, 'A');
    const c = await customerOf(k);
    const second = await k.desk('POST', '/api/desk/contracts', {
      customerId: c.customerId,
      name: '第二份合同',
      serviceLevel: 'C',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    const saved = await k.desk('PUT', `/api/desk/customers/${c.customerId}`, {
      name: '新名称数据中心',
      expectedVersion: 1,
    });
    expect(saved.status).toBe(200);
    for (const contractId of [k.contractId, second.json.contractId]) {
      const contract = (await k.desk('GET', `/api/desk/contracts/${contractId}`)).json;
      expect(contract).toMatchObject({ customerName: '新名称数据中心', version: 2 });
    }
    const form = await call(s.publicApp, 'GET', '/api/public/intake', linkAuth(k.linkToken));
    expect(form.json.customerName).toBe('新名称数据中心');
    // A desk that read the contract before the rename now holds a stale version.
    const stale = await k.desk('PUT', `/api/desk/contracts/${k.contractId}`, {
      name: 'x',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
    // Details alone leave the contracts as they are.
    await k.desk('PUT', `/api/desk/customers/${c.customerId}`, {
      name: '新名称数据中心',
      notes: 'n',
      expectedVersion: 2,
    });
    expect((await k.desk('GET', `/api/desk/contracts/${k.contractId}`)).json.version).toBe(2);
  });

  it('answers another company’s customer exactly as a missing one', async () => {
    const mine = await seedContract(s, 'C');
    const theirs = await seedContract(s, 'C');
    const c = await customerOf(theirs);
    const read = await mine.desk('GET', `/api/desk/customers/${c.customerId}`);
    const missing = await mine.desk('GET', '/api/desk/customers/no-such-customer');
    expect(read.status).toBe(404);
    expect(read.text).toBe(missing.text);
    const write = await mine.desk('PUT', `/api/desk/customers/${c.customerId}`, {
      name: 'x',
      expectedVersion: 1,
    });
    expect(write.status).toBe(404);
    expect((await theirs.desk('GET', `/api/desk/customers/${c.customerId}`)).json.name).toBe('某市数据中心');
  });
});
