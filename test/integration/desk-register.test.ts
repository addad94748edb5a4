import { beforeAll, describe, expect, it } from 'vitest';
import { type IntakeSystem, loadIntakeSystem, reportFault, seedContract } from './intake-fixtures.ts';

const HEADER = 'category,model,quantity,unit,notes,service_months,serial,site';

describe('the device register and the contract register at the desk', () => {
  let s: IntakeSystem;
  beforeAll(async () => {
    s = await loadIntakeSystem();
  });

  it('imports all rows or none, with a report of every bad row by line', async () => {
    const k = await seedContract(s, 'C');
    const path = `/api/desk/contracts/${k.contractId}/devices/import`;
    const bad = [
      HEADER,
      'firewall,Juniper SRX-3600,1,台,含IPS模块,12,SN1,Main DC',
      'toaster,Acme,1,台,,12,,Main DC',
      'storage,EMC storage array,4,台,,12,A;B,Main DC',
      'mail-gateway,Trend Micro,2,台,,12,,Nowhere',
    ].join('\n');
    const refused = await k.desk('POST', path, bad);
    expect(refused.status).toBe(400);
    expect(refused.json.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'category'],
      [4, 'serial'],
      [5, 'site'],
    ]);
    expect((await k.desk('GET', `/api/desk/contracts/${k.contractId}/devices`)).json.devices).toHaveLength(2);

    const sample = [
      'category,model,quantity,unit,notes,service_months',
      'firewall,Juniper SRX-3600,1,台,含IPS模块 (with IPS module),12',
      'minicomputer,IBM Power550,2,台,,12',
      'storage,EMC storage array,4,台,"含2台光纤交换机 (incl. 2 FC switches)",12',
    ].join('\n');
    const imported = await k.desk('POST', `${path}?serviceStart=2026-03-01`, sample);
    expect(imported.status).toBe(200);
    expect(imported.json.imported).toBe(7);
    expect(imported.json.devices[0]).toMatchObject({
      serviceStart: '2026-03-01',
      serviceEnd: '2027-02-28',
      siteId: k.siteId,
    });
  });

  it('exports a CSV that imports into the same register', async () => {
    const k = await seedContract(s, 'C');
    const exported = await k.desk('GET', `/api/desk/contracts/${k.contractId}/devices/export`);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.text.split('\n')[0]).toBe(HEADER);
    const other = await seedContract(s, 'C');
    const again = await other.desk(
      'POST',
      `/api/desk/contracts/${other.contractId}/devices/import?serviceStart=2026-01-01`,
      exported.text,
    );
    expect(again.status).toBe(200);
    const shape = (
      devices: { model: string; serial: string | null; category: string; serviceEnd: string }[],
    ) => devices.map((d) => [d.category, d.model, d.serial, d.serviceEnd]).sort();
    const before = (await k.desk('GET', `/api/desk/contracts/${k.contractId}/devices`)).json.devices;
    const after = (await other.desk('GET', `/api/desk/contracts/${other.contractId}/devices`)).json.devices;
    expect(shape(before)).toHaveLength(2);
    // The other contract has the two devices it was seeded with and the two imported from the export.
    expect(shape(after)).toEqual([...shape(before), ...shape(before)].sort());
  });

  it('answers another company exactly as for a missing object', async () => {
    const mine = await seedContract(s, 'A');
    const theirs = await seedContract(s, 'A');
    await reportFault(s, theirs);
    const [ticket] = (await theirs.desk('GET', '/api/desk/board')).json.tickets;
    const denied = await mine.desk('GET', `/api/desk/tickets/${ticket.ticketId}`);
    const missing = await mine.desk('GET', '/api/desk/tickets/no-such-ticket');
    expect(denied.status).toBe(404);
    expect(denied.text).toBe(missing.text);
    const assign = await mine.desk('POST', `/api/desk/tickets/${ticket.ticketId}/assign`, {
      engineerId: mine.engineer.staffId,
      expectedVersion: 1,
    });
    expect(assign.status).toBe(404);
    expect((await mine.desk('GET', `/api/desk/contracts/${theirs.contractId}`)).status).toBe(404);
    expect((await mine.desk('GET', '/api/desk/board')).json.tickets).toEqual([]);
    // An engineer of another company cannot be assigned.
    const foreign = await theirs.desk('POST', `/api/desk/tickets/${ticket.ticketId}/assign`, {
      engineerId: mine.engineer.staffId,
      expectedVersion: 1,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.field).toBe('engineerId');
  });

  it('edits contracts, sites, contacts, escalation tiers and SLA policy versions with version checks', async () => {
    const k = await seedContract(s, 'C');
    const contact = await k.desk('POST', `/api/desk/contracts/${k.contractId}/contacts`, {
      name: '张经理',
      phone: '13700001111',
      role: 'IT manager',
    });
    expect(contact.json).toMatchObject({ phone: '+8613700001111', version: 1 });
    const contract = (await k.desk('GET', `/api/desk/contracts/${k.contractId}`)).json;
    const tiers = await k.desk('PUT', `/api/desk/contracts/${k.contractId}/escalation`, {
      tiers: [{ tier: 2, contactIds: [contact.json.contactId], staffIds: [k.dispatcher.staffId] }],
      expectedVersion: contract.version,
    });
    expect(tiers.status).toBe(200);
    const stale = await k.desk('PUT', `/api/desk/contracts/${k.contractId}/escalation`, {
      tiers: [],
      expectedVersion: contract.version,
    });
    expect(stale.status).toBe(409);
    const policy = await k.desk('POST', `/api/desk/contracts/${k.contractId}/policies`, {
      effectiveFrom: '2026-12-01T00:00:00Z',
      serviceLevel: 'A',
      expectedVersion: tiers.json.version,
    });
    expect(policy.status).toBe(201);
    expect(
      policy.json.policies.map((p: { version: number; serviceLevel: string }) => [p.version, p.serviceLevel]),
    ).toEqual([
      [1, 'C'],
      [2, 'A'],
    ]);
    // A ticket keeps the version in force when it is reported.
    s.clock.set('2026-11-27T09:00:00.000Z');
    const before = await reportFault(s, k);
    expect(before.json.acceptedAt).toBe('2026-11-30T01:00:00Z');
    s.clock.set('2026-12-04T09:00:00.000Z');
    const after = await reportFault(s, k);
    expect(after.json.acceptedAt).toBe('2026-12-04T09:00:00Z');
    const site = (await k.desk('GET', `/api/desk/contracts/${k.contractId}/sites`)).json.sites[0];
    const moved = await k.desk('PUT', `/api/desk/sites/${site.siteId}`, {
      ...site,
      siteId: undefined,
      contractId: undefined,
      version: undefined,
      checkInRadiusM: 500,
      expectedVersion: 1,
    });
    expect(moved.json).toMatchObject({ checkInRadiusM: 500, version: 2 });
  });
});
