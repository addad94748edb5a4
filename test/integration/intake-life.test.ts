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

describe('the life of a fault from the public form to the desk', () => {
  let s: IntakeSystem;
  beforeAll(async () => {
    s = await loadIntakeSystem();
  });

  /** The customer's confirmation on the status page that the fault is fixed. */
  const confirmFixed = (statusToken: string, body?: unknown) =>
    call(s.publicApp, 'POST', '/api/public/status/confirm', linkAuth(statusToken), body);

  it('reports from the contract link, shows on the board, is triaged, assigned, paused, resumed and closed', async () => {
    const k = await seedContract(s, 'A');
    s.clock.set('2026-11-25T02:00:00.000Z');
    const form = await call(s.publicApp, 'GET', '/api/public/intake', linkAuth(k.linkToken));
    expect(form.status).toBe(200);
    expect(form.json).toMatchObject({
      via: 'contractLink',
      customerName: '某市数据中心',
      fixedDeviceId: null,
    });
    expect(form.json.devices).toHaveLength(2);
    expect(form.json.questions.map((q: { id: string }) => q.id)).toEqual([
      'serviceDown',
      'businessInterrupted',
      'dataLost',
      'degraded',
    ]);

    const report = await reportFault(s, k);
    expect(report.json).toMatchObject({
      number: expect.stringMatching(/^SC-2026-\d{6}$/),
      proposedLevel: 1,
      acceptedAt: '2026-11-25T02:00:00Z',
      arrivalDueAt: '2026-11-25T04:00:00Z',
      timeZone: 'Asia/Shanghai',
      statusPath: `/s/${report.json.statusToken}`,
    });

    const board = await k.desk('GET', '/api/desk/board');
    expect(board.json.tickets.map((t: { number: string }) => t.number)).toEqual([report.json.number]);
    const ticket = board.json.tickets[0];
    expect(ticket).toMatchObject({
      state: 'new',
      level: 1,
      reporter: { name: '王工', phone: '+8613912345678' },
      breachAt: '2026-11-25T04:00:00Z',
    });

    s.clock.set('2026-11-25T02:10:00.000Z');
    const triaged = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/level`, {
      faultLevel: 3,
      reason: '仅单机告警',
      expectedVersion: 1,
    });
    expect(triaged.status).toBe(200);
    // A level 3 target on A (48 h of 7×24) counts from acceptance, as if it had applied from the start.
    expect(triaged.json.ticket).toMatchObject({
      level: 3,
      resolutionDueAt: '2026-11-27T02:00:00Z',
      version: 2,
    });
    expect(triaged.json.timeline.at(-1)).toMatchObject({
      type: 'levelChanged',
      reason: '仅单机告警',
      actor: { kind: 'staff', id: k.dispatcher.staffId },
    });

    const stale = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/assign`, {
      engineerId: k.engineer.staffId,
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);

    const assigned = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/assign`, {
      engineerId: k.engineer.staffId,
      expectedVersion: 2,
    });
    expect(assigned.json.ticket).toMatchObject({
      state: 'assigned',
      assignedEngineerName: 'Engineer Li',
      version: 3,
    });
    const filtered = await k.desk(
      'GET',
      `/api/desk/board?engineerId=${k.engineer.staffId}&level=3&state=assigned`,
    );
    expect(filtered.json.tickets).toHaveLength(1);

    s.clock.set('2026-11-25T03:00:00.000Z');
    const paused = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/pause`, {
      reason: '等待客户开通机房门禁',
      expectedVersion: 3,
    });
    expect(paused.json.ticket).toMatchObject({ paused: true, resolutionDueAt: null });
    const pausedAgain = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/pause`, {
      reason: 'again',
      expectedVersion: 4,
    });
    expect(pausedAgain.status).toBe(409);

    s.clock.set('2026-11-25T05:00:00.000Z');
    const resumed = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/resume`, {
      reason: '门禁已开通',
      expectedVersion: 4,
    });
    // Two hours paused move the resolution due time by two hours.
    expect(resumed.json.ticket).toMatchObject({ paused: false, resolutionDueAt: '2026-11-27T04:00:00Z' });

    const status = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(report.json.statusToken));
    expect(status.json).toMatchObject({
      number: report.json.number,
      state: 'assigned',
      level: 3,
      engineerName: 'Engineer Li',
      canConfirm: false,
      timeZone: 'Asia/Shanghai',
    });
    expect(status.text).not.toContain('+86');
    expect(status.json.timeline.map((e: { type: string }) => e.type)).toEqual([
      'reported',
      'levelChanged',
      'assigned',
      'paused',
      'resumed',
    ]);
    const early = await confirmFixed(report.json.statusToken);
    expect(early.status).toBe(409);

    s.clock.set('2026-11-25T05:05:00.000Z');
    const closed = await k.desk('POST', `/api/desk/tickets/${ticket.ticketId}/close`, {
      reason: '客户撤回',
      expectedVersion: 5,
    });
    expect(closed.json.ticket).toMatchObject({ state: 'closed', nextWakeAt: null, breachAt: null });
    expect((await k.desk('GET', '/api/desk/board')).json.tickets).toEqual([]);
    const audit = await k.desk('GET', `/api/desk/audit?entity=ticket&id=${ticket.ticketId}`);
    expect(audit.json.records.map((r: { action: string }) => r.action)).toEqual([
      'close',
      'resume',
      'pause',
      'assign',
      'triage',
      'report',
    ]);
  });

  it('reports from a device QR label with the device fixed, and the customer confirms a resolved repair', async () => {
    const k = await seedContract(s, 'A');
    const labels = await k.desk('POST', `/api/desk/contracts/${k.contractId}/devices/labels`, {
      deviceIds: [k.deviceIds[1]],
    });
    expect(labels.status).toBe(200);
    const qr = labels.json.labels[0].qrPath.slice('/q/'.length);
    const form = await call(s.publicApp, 'GET', '/api/public/intake', linkAuth(qr));
    expect(form.json).toMatchObject({ via: 'deviceQr', fixedDeviceId: k.deviceIds[1] });
    expect(form.json.devices.map((d: { deviceId: string }) => d.deviceId)).toEqual([k.deviceIds[1]]);

    // The QR device wins over whatever the body names.
    const report = await call(
      s.publicApp,
      'POST',
      '/api/public/intake',
      linkAuth(qr),
      intakeBody(k.deviceIds[0], {
        answers: { serviceDown: false, businessInterrupted: false, dataLost: false, degraded: true },
      }),
    );
    expect(report.status).toBe(201);
    expect(report.json.proposedLevel).toBe(2);
    const [ticket] = (await k.desk('GET', '/api/desk/board')).json.tickets;
    expect(ticket).toMatchObject({ deviceId: k.deviceIds[1], level: 2 });

    // The field's resolve (next issue) through the same service, then the customer's confirmation.
    const { getTicketWithTimeline } = await import('../../functions/store/tickets.ts');
    const { applyChange } = await import('../../functions/tickets/service.ts');
    const loaded = await getTicketWithTimeline(ticket.ticketId);
    if (loaded === undefined) throw new Error('ticket');
    const assigned = await applyChange(loaded, {
      command: 'assign',
      event: { type: 'assigned', data: { engineerId: k.engineer.staffId } },
      actor: { kind: 'system', id: 't' },
      now: s.clock.now(),
      set: { assignedEngineerId: k.engineer.staffId, assignedEngineerName: 'Engineer Li' },
    });
    await applyChange(assigned, {
      command: 'resolve',
      event: { type: 'resolved' },
      actor: { kind: 'system', id: 't' },
      now: s.clock.now(),
    });

    const status = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(report.json.statusToken));
    expect(status.json).toMatchObject({ state: 'resolved', canConfirm: true });
    const confirmed = await confirmFixed(report.json.statusToken, { note: '已恢复' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ state: 'confirmed', canConfirm: false });
    const twice = await confirmFixed(report.json.statusToken);
    expect(twice.status).toBe(409);
  });

  it('accepts a C-contract report of Friday 17:00 in Shanghai on Monday 09:00, arrival due Tuesday 17:00', async () => {
    const k = await seedContract(s, 'C');
    s.clock.set('2026-11-27T09:00:00.000Z'); // Friday 17:00 Asia/Shanghai
    const report = await reportFault(s, k);
    expect(report.json).toMatchObject({
      reportedAt: '2026-11-27T09:00:00.000Z',
      acceptedAt: '2026-11-30T01:00:00Z',
      arrivalDueAt: '2026-12-01T09:00:00Z',
      timeZone: 'Asia/Shanghai',
    });
  });

  it('numbers tickets of a company one after another per year', async () => {
    const k = await seedContract(s, 'A');
    s.clock.set('2026-11-25T02:00:00.000Z');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await postIntake(s, linkAuth(k.linkToken), intakeBody(k.deviceIds[0]));
      numbers.push(r.json.number);
    }
    expect(numbers).toEqual(['SC-2026-000001', 'SC-2026-000002', 'SC-2026-000003']);
    s.clock.set('2026-12-31T16:30:00.000Z'); // 2027-01-01 00:30 in Shanghai
    const next = await postIntake(s, linkAuth(k.linkToken), intakeBody(k.deviceIds[0]));
    expect(next.json.number).toBe('SC-2027-000001');
  });

  it('makes one ticket of a parallel double submit and of a retry; 201 first, 200 after', async () => {
    const k = await seedContract(s, 'A');
    s.clock.set('2026-11-25T02:00:00.000Z');
    const body = intakeBody(k.deviceIds[0]);
    const [a, b] = await Promise.all([
      postIntake(s, linkAuth(k.linkToken), body),
      postIntake(s, linkAuth(k.linkToken), body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.number).toBe(b.json.number);
    const retry = await postIntake(s, linkAuth(k.linkToken), body);
    expect(retry.status).toBe(200);
    expect(retry.json.number).toBe(a.json.number);
    expect(retry.json.statusToken).not.toBe(a.json.statusToken);
    expect(
      (await call(s.publicApp, 'GET', '/api/public/status', linkAuth(retry.json.statusToken))).status,
    ).toBe(200);
    expect((await k.desk('GET', '/api/desk/board')).json.tickets).toHaveLength(1);
  });

  it('never texts the number typed into the form', async () => {
    const k = await seedContract(s, 'A');
    const { listOutbox } = await import('../../functions/sms/local-outbox.ts');
    const phone = '+8613800001111';
    await postIntake(s, linkAuth(k.linkToken), intakeBody(k.deviceIds[0], { contactPhone: phone }));
    const outbox = await listOutbox(500);
    expect(outbox.filter((m) => m.to === phone)).toEqual([]);
  });
});
