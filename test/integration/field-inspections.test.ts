/**
 * Inspections against DynamoDB Local: the desk creates a contract's quarterly visits (once per contract,
 * quarter and site), the engineer answers and submits forms from the outbox (kinds checked, required
 * items named), each failed check opens exactly one fault ticket, and the results join the device's
 * history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FieldSystem,
  importDevices,
  loadFieldSystem,
  outboxItem,
  planVisits,
  seedContract,
  sendOutbox,
  sync,
} from './field-fixtures.ts';
import { signedIn } from './intake-fixtures.ts';

const FIREWALL_OK: Record<string, unknown> = {
  'ha-state': 'active-standby',
  sessions: 120_000,
  cpu: 35,
  memory: 50,
  'ips-signature-date': '2026-11-20',
  'ips-signature-current': true,
  interfaces: true,
  logs: true,
  'config-backup': true,
};

describe('inspection visits and forms', () => {
  let s: FieldSystem;
  beforeAll(async () => {
    s = await loadFieldSystem();
  });

  /** A contract with site 1 (two firewalls, from the fixture) and site 2 (a storage array and a switch). */
  async function contractWithTwoSites() {
    const k = await seedContract(s, 'B');
    const site2 = await k.desk('POST', `/api/desk/contracts/${k.contractId}/sites`, {
      name: 'DR site',
      address: '2 Backup Road',
      lat: 31.3,
      lng: 121.5,
    });
    const device = (category: string, model: string) =>
      k.desk('POST', `/api/desk/contracts/${k.contractId}/devices`, {
        category,
        model,
        serial: `SN-${model}`,
        siteId: site2.json.siteId,
        serviceStart: '2026-01-01',
        serviceEnd: '2026-12-31',
      });
    const storage = await device('storage', 'EMC VNX');
    await device('switch', 'Core switch');
    return { k, site2Id: site2.json.siteId as string, storageId: storage.json.deviceId as string };
  }

  it('creates one visit per site with the devices that have a template, once per quarter', async () => {
    const { k, site2Id, storageId } = await contractWithTwoSites();
    const path = `/api/desk/contracts/${k.contractId}/inspection-visits`;
    const body = { quarter: '2026-Q4', dueDate: '2026-12-15', engineerId: k.engineer.staffId };
    const first = await k.desk('POST', path, body);
    expect(first.status).toBe(201);
    expect(first.json.visits).toHaveLength(2);
    const dr = first.json.visits.find((v: { site: { id: string } }) => v.site.id === site2Id);
    expect(
      dr.devices.map((d: { deviceId: string; templateId: string }) => [d.deviceId, d.templateId]),
    ).toEqual([[storageId, 'storage-v1']]);
    const main = first.json.visits.find((v: { site: { id: string } }) => v.site.id === k.siteId);
    expect(main.devices.map((d: { templateId: string }) => d.templateId)).toEqual([
      'firewall-v1',
      'firewall-v1',
    ]);

    const again = await k.desk('POST', path, { ...body, dueDate: '2026-12-20' });
    expect(again.status).toBe(200);
    expect(again.json.visits.map((v: { id: string }) => v.id).sort()).toEqual(
      first.json.visits.map((v: { id: string }) => v.id).sort(),
    );
    expect(again.json.visits.every((v: { dueDate: string }) => v.dueDate === '2026-12-15')).toBe(true);
    const listed = await k.desk('GET', path);
    expect(listed.json.visits).toHaveLength(2);
    // Another quarter is another visit.
    expect((await k.desk('POST', path, { ...body, quarter: '2027-Q1' })).status).toBe(201);
    expect((await k.desk('GET', path)).json.visits).toHaveLength(4);
    // The engineer's phone has them, with the templates.
    const snapshot = await sync(s, k.engineer.auth);
    expect(snapshot.json.visits).toHaveLength(4);
    // An unknown engineer is a 400 naming the field; a bad quarter too.
    expect((await k.desk('POST', path, { ...body, engineerId: 'nobody' })).json.error.field).toBe(
      'engineerId',
    );
    expect((await k.desk('POST', path, { ...body, quarter: '2026-Q5' })).json.error.field).toBe('quarter');
  });

  it('answers are checked against the template; required items are named; failed checks open one ticket each', async () => {
    const { k, storageId } = await contractWithTwoSites();
    const path = `/api/desk/contracts/${k.contractId}/inspection-visits`;
    const created = await k.desk('POST', path, {
      quarter: '2026-Q4',
      dueDate: '2026-12-15',
      engineerId: k.engineer.staffId,
    });
    const visit = created.json.visits.find((v: { devices: { deviceId: string }[] }) =>
      v.devices.some((d) => d.deviceId === k.deviceIds[0]),
    );
    const visitId: string = visit.id;
    const firewall = k.deviceIds[0] as string;
    const answer = (itemId: string, value: unknown, deviceId = firewall) =>
      outboxItem(s, { kind: 'answer', visitId, deviceId, itemId, value });

    const checks = await sendOutbox(s, k.engineer.auth, [
      answer('cpu', 'high'),
      answer('no-such-item', true),
      answer('ha-state', 'sideways'),
      answer('cpu', 1, storageId),
      answer('cpu', 50),
      answer('cpu', 95),
    ]);
    expect(checks.json.results.map((r: { status: string; field?: string }) => [r.status, r.field])).toEqual([
      ['rejected', 'action.value'],
      ['rejected', 'action.itemId'],
      ['rejected', 'action.value'],
      ['rejected', 'action.deviceId'],
      ['applied', undefined],
      ['applied', undefined],
    ]);

    const early = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'submitInspection', visitId, deviceId: firewall }),
    ]);
    expect(early.json.results[0]).toMatchObject({ status: 'rejected', code: 'bad_request' });
    expect(early.json.results[0].message).toContain('ha-state');
    expect(early.json.results[0].message).toContain('ips-signature-date');
    expect(early.json.results[0].message).not.toContain('cpu');

    // Everything fine but the CPU (95 % > 80 %) and the HA state (one node only).
    const answers = Object.entries({ ...FIREWALL_OK, cpu: undefined, 'ha-state': 'degraded' })
      .filter(([, v]) => v !== undefined)
      .map(([itemId, value]) => answer(itemId, value));
    const submit = outboxItem(s, { kind: 'submitInspection', visitId, deviceId: firewall });
    const done = await sendOutbox(s, k.engineer.auth, [...answers, submit]);
    expect(done.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);

    const board = await k.desk('GET', '/api/desk/board');
    const opened = board.json.tickets.filter((t: { deviceId: string }) => t.deviceId === firewall);
    expect(opened).toHaveLength(2);
    expect(opened.map((t: { description: string }) => t.description).join('\n')).toMatch(
      /CPU utilisation = 95 %/,
    );
    expect(opened.every((t: { reporter: { name: string } }) => t.reporter.name === 'Engineer Li')).toBe(true);

    // Sent again: a duplicate; submitted again under a new id: rejected; no ticket more either way.
    expect((await sendOutbox(s, k.engineer.auth, [submit])).json.results[0].status).toBe('duplicate');
    const twice = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'submitInspection', visitId, deviceId: firewall }),
    ]);
    expect(twice.json.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
    const late = await sendOutbox(s, k.engineer.auth, [answer('cpu', 10)]);
    expect(late.json.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });

    // A submission that failed after opening its tickets and is tried again opens none more.
    await s.inspections.inspectionForm
      .patch({ visitId, deviceId: firewall })
      .set({ submitted: false, deviceOrder: `~#${visitId}` })
      .remove(['submittedAt'])
      .go();
    const retried = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'submitInspection', visitId, deviceId: firewall }),
    ]);
    expect(retried.json.results[0].status).toBe('applied');
    const after = (await k.desk('GET', '/api/desk/board')).json.tickets.filter(
      (t: { deviceId: string }) => t.deviceId === firewall,
    );
    expect(after.map((t: { ticketId: string }) => t.ticketId).sort()).toEqual(
      opened.map((t: { ticketId: string }) => t.ticketId).sort(),
    );

    // The device's history: the submitted form with its failures, and the tickets.
    const history = await k.desk('GET', `/api/desk/devices/${firewall}/history`);
    expect(history.status).toBe(200);
    expect(history.json.inspections).toHaveLength(1);
    expect(history.json.inspections[0].answers.cpu).toBe(95);
    expect(history.json.inspections[0].failures.map((f: { itemId: string }) => f.itemId).sort()).toEqual([
      'cpu',
      'ha-state',
    ]);
    expect(history.json.tickets).toHaveLength(2);
  });

  it('a long run of answers to one form is recorded at once, with the same results as one by one', async () => {
    const k = await seedContract(s, 'B');
    const created = await planVisits(k);
    const visitId: string = created.json.visits[0].id;
    const deviceId = k.deviceIds[0] as string;
    const answer = (itemId: string, value: unknown) =>
      outboxItem(s, { kind: 'answer', visitId, deviceId, itemId, value });
    // 48 answers as a phone saves them while typing (each keystroke of the remarks a new value), one bad.
    const typed = Array.from({ length: 45 }, (_, i) => answer('remarks', '正常运行'.repeat(1 + (i % 3)) + i));
    const items = [answer('cpu', 12), answer('cpu', 'x'), answer('memory', 40), ...typed];
    const started = performance.now();
    const res = await sendOutbox(s, k.engineer.auth, items);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'rejected',
      ...Array(46).fill('applied'),
    ]);
    expect(res.json.results[1]).toMatchObject({ code: 'bad_request', field: 'action.value' });
    const form = (await s.inspections.getVisitWithForms(visitId))?.forms.find((f) => f.deviceId === deviceId);
    expect(form?.answers).toEqual({ cpu: 12, memory: 40, remarks: '正常运行正常运行正常运行44' });
    // One write for the run: the form's version counts transactions, not answers.
    expect(form?.version).toBe(1);
    // Sent again (the phone did not get the answer): all duplicate, the rejection repeated, nothing written.
    const again = await sendOutbox(s, k.engineer.auth, items);
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(Array(48).fill('duplicate'));
    expect(again.json.results[1]).toMatchObject({ code: 'bad_request', field: 'action.value' });
    expect((await s.inspections.getVisitWithForms(visitId))?.forms[0]?.version).toBe(1);
    // Half old, half new: the new ones apply after the old ones.
    const more = [...items.slice(40), answer('cpu', 13)];
    const mixed = await sendOutbox(s, k.engineer.auth, more);
    expect(mixed.json.results.map((r: { status: string }) => r.status)).toEqual([
      ...Array(8).fill('duplicate'),
      'applied',
    ]);
    expect((await s.inspections.getVisitWithForms(visitId))?.forms[0]?.answers).toMatchObject({ cpu: 13 });
    console.info(`48 answers to one form in one outbox request: ${Math.round(ms)} ms`);
  });

  it('the forms of one batch are recorded together, with the same results as one by one', async () => {
    const k = await seedContract(s, 'B');
    const csv = ['category,model,quantity,unit,notes,service_months', 'firewall,Hillstone,2,台,,12'].join(
      '\n',
    );
    await importDevices(k, csv);
    const created = await planVisits(k);
    const visitId: string = created.json.visits[0].id;
    const [a, b, c, d] = created.json.visits[0].devices.map((x: { deviceId: string }) => x.deviceId);
    const answer = (deviceId: string, itemId: string, value: unknown) =>
      outboxItem(s, { kind: 'answer', visitId, deviceId, itemId, value });
    const submit = (deviceId: string) => outboxItem(s, { kind: 'submitInspection', visitId, deviceId });
    const full = (deviceId: string) =>
      Object.entries(FIREWALL_OK).map(([itemId, value]) => answer(deviceId, itemId, value));
    const forms = async () =>
      new Map(
        ((await s.inspections.getVisitWithForms(visitId))?.forms ?? []).map((f) => [f.deviceId, f] as const),
      );

    const first = [
      ...full(a),
      answer(b, 'cpu', 'x'),
      answer(b, 'cpu', 20),
      // The same form again after another one: it sees its earlier answers.
      answer(a, 'remarks', '复查'),
      submit(a),
      // Required items missing: refused, the form stays open.
      submit(b),
      ...full(c),
      submit(c),
    ];
    const res = await sendOutbox(s, k.engineer.auth, first);
    expect(res.status).toBe(200);
    const statuses = res.json.results.map((r: { status: string }) => r.status);
    expect(statuses).toEqual([
      ...Array(9).fill('applied'),
      'rejected',
      'applied',
      'applied',
      'applied',
      'rejected',
      ...Array(10).fill('applied'),
    ]);
    expect(res.json.results[9]).toMatchObject({ code: 'bad_request', field: 'action.value' });
    expect(res.json.results[13]).toMatchObject({ code: 'bad_request' });
    expect(res.json.results[13].field).toMatch(/^action\.items:/);
    const stored = await forms();
    expect(stored.get(a)).toMatchObject({ submitted: true, answers: { ...FIREWALL_OK, remarks: '复查' } });
    expect(stored.get(b)).toMatchObject({ submitted: false, answers: { cpu: 20 } });
    expect(stored.get(c)).toMatchObject({ submitted: true, answers: FIREWALL_OK });
    expect(stored.has(d)).toBe(false);
    expect([...stored.values()].map((f) => f.version)).toEqual([1, 1, 1]);
    const visit = await s.inspections.getVisitWithForms(visitId);
    expect(visit?.visit.state).toBe('open');
    expect([...(visit?.visit.submittedDevices ?? [])].sort()).toEqual([a, c].sort());

    // Sent again: every item answers its first result as a duplicate, nothing is written.
    const again = await sendOutbox(s, k.engineer.auth, first);
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(
      Array(first.length).fill('duplicate'),
    );
    expect(again.json.results[13]).toMatchObject({ code: 'bad_request' });
    expect([...(await forms()).values()].map((f) => f.version)).toEqual([1, 1, 1]);

    // An answer to a submitted form is refused; the forms after it still go, and the last completes the visit.
    const second = [answer(a, 'cpu', 50), ...full(b), submit(b), ...full(d), submit(d)];
    const res2 = await sendOutbox(s, k.engineer.auth, second);
    expect(res2.json.results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      ...Array(20).fill('applied'),
    ]);
    expect(res2.json.results[0]).toMatchObject({ code: 'conflict', field: 'action.deviceId' });
    const done = await s.inspections.getVisitWithForms(visitId);
    expect(done?.visit.state).toBe('submitted');
    expect(done?.forms.every((f) => f.submitted)).toBe(true);
    expect(done?.forms.find((f) => f.deviceId === a)?.answers).toMatchObject({ cpu: FIREWALL_OK.cpu });
  });

  it('the visit is submitted when every device is; another engineer cannot touch it', async () => {
    const { k, site2Id, storageId } = await contractWithTwoSites();
    const created = await planVisits(k);
    const visitId: string = created.json.visits.find(
      (v: { site: { id: string } }) => v.site.id === site2Id,
    ).id;
    const other = await signedIn(s.system, k.companyId, ['engineer'], 'Engineer Wu');
    const answer = (itemId: string, value: unknown) =>
      outboxItem(s, { kind: 'answer', visitId, deviceId: storageId, itemId, value });
    const denied = await sendOutbox(s, other.auth, [answer('disks', true)]);
    expect(denied.json.results[0]).toMatchObject({
      status: 'rejected',
      code: 'not_found',
      field: 'action.visitId',
    });
    expect((await sync(s, other.auth)).json.visits).toEqual([]);

    const res = await sendOutbox(s, k.engineer.auth, [
      answer('disks', true),
      answer('hot-spares', 2),
      answer('controllers', true),
      answer('cache-battery', 'ok'),
      answer('fc-switches', true),
      answer('paths', true),
      answer('capacity', 60),
      answer('event-log', true),
      answer('remarks', '正常'),
      // The last write of an item wins.
      answer('capacity', 61),
      outboxItem(s, { kind: 'submitInspection', visitId, deviceId: storageId }),
    ]);
    expect(res.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    const visit = (await sync(s, k.engineer.auth)).json.visits.find((v: { id: string }) => v.id === visitId);
    expect(visit.state).toBe('submitted');
    expect(visit.devices[0]).toMatchObject({ submitted: true, answers: { capacity: 61 } });
    const board = await k.desk('GET', '/api/desk/board');
    expect(board.json.tickets.filter((t: { deviceId: string }) => t.deviceId === storageId)).toEqual([]);
  });
});
