/**
 * The duty roster (值班): its desk routes on DynamoDB Local, and the escalation texts it redirects — while
 * an entry applies its engineer stands for tier 1 of an unassigned ticket and its manager for tier 2
 * (docs/timers.md "Duty roster"). SMS through a capturing port.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uniqueCompany, uniquePhone } from './auth-fixtures.ts';
import {
  call,
  contractChain,
  type IntakeSystem,
  loadIntakeSystem,
  MINOR,
  reportFault,
  type Seeded,
  seedContract,
} from './intake-fixtures.ts';
import { useTestNotifier } from './timers-fixtures.ts';

const H = 3_600_000;

describe('the duty roster', () => {
  let s: IntakeSystem;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let duty: typeof import('../../functions/store/duty.ts');
  let identity: typeof import('../../functions/store/entities.ts');
  let sent: { to: string; template: string }[] = [];
  let undoNotifier: () => void;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [decideModule, duty, identity] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/store/duty.ts'),
      import('../../functions/store/entities.ts'),
    ]);
    undoNotifier = await useTestNotifier(
      async (message) => {
        sent.push({ to: message.to.phone, template: message.template });
        return { providerMessageId: `p-${sent.length}` };
      },
      { duty: true },
    );
  });
  afterAll(() => undoNotifier());
  beforeEach(() => {
    sent = [];
  });

  const member = async (k: Seeded, roles: ('engineer' | 'dispatcher' | 'admin')[], name: string) =>
    s.system.staff.createStaff(
      { name, phone: uniquePhone(), roles, companyId: k.companyId },
      { kind: 'system', id: 'test' },
      new Date('2026-01-01T00:00:00Z'),
    );

  it('lists by date range, creates, edits and deletes entries, naming only active staff and contracts of the company', async () => {
    const k = await seedContract(s, 'B');
    const onDuty = await member(k, ['engineer'], '值班工程师 王');
    const manager = await member(k, ['dispatcher'], '值班经理 孙');
    const body = {
      from: '2026-10-01',
      to: '2026-10-07',
      engineerId: onDuty.staffId,
      managerId: manager.staffId,
      note: '国庆',
    };
    const created = await k.desk('POST', '/api/desk/duty', body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      ...body,
      contractId: null,
      engineerName: '值班工程师 王',
      managerName: '值班经理 孙',
      version: 1,
    });
    const forContract = await k.desk('POST', '/api/desk/duty', {
      ...body,
      contractId: k.contractId,
      note: '',
    });
    expect(forContract.status).toBe(201);
    expect(forContract.json.contractName).toBe('维保合同 B');

    const inRange = await k.desk('GET', '/api/desk/duty?from=2026-10-07&to=2026-10-20');
    expect(inRange.status).toBe(200);
    expect(inRange.json.entries).toHaveLength(2);
    expect((await k.desk('GET', '/api/desk/duty?from=2026-10-08')).json.entries).toEqual([]);
    expect((await k.desk('GET', '/api/desk/duty?to=2026-09-30')).json.entries).toEqual([]);

    // Bad input: the field and the reason.
    const backwards = await k.desk('POST', '/api/desk/duty', { ...body, from: '2026-10-08' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.field).toBe('to');
    const badDate = await k.desk('POST', '/api/desk/duty', { ...body, to: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.json.error.field).toBe('to');
    const stranger = await s.system.staff.createStaff(
      { name: 'Elsewhere', phone: uniquePhone(), roles: ['engineer'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    const foreign = await k.desk('POST', '/api/desk/duty', { ...body, engineerId: stranger.staffId });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.field).toBe('engineerId');
    const gone = await member(k, ['dispatcher'], 'Left');
    await identity.staff.patch({ staffId: gone.staffId }).set({ active: false }).go();
    const inactive = await k.desk('POST', '/api/desk/duty', { ...body, managerId: gone.staffId });
    expect(inactive.status).toBe(400);
    expect(inactive.json.error.field).toBe('managerId');
    const other = await seedContract(s, 'C');
    const otherContract = await k.desk('POST', '/api/desk/duty', { ...body, contractId: other.contractId });
    expect(otherContract.status).toBe(400);
    expect(otherContract.json.error.field).toBe('contractId');
    const zh = await call(
      s.deskApp,
      'POST',
      '/api/desk/duty',
      { ...k.dispatcher.auth, 'accept-language': 'zh-CN' },
      {
        ...body,
        engineerId: stranger.staffId,
      },
    );
    expect(zh.json.error.message).toMatch(/在职/);

    // Another company sees nothing of it.
    expect((await other.desk('GET', '/api/desk/duty')).json.entries).toEqual([]);
    const id = created.json.dutyId as string;
    expect((await other.desk('PUT', `/api/desk/duty/${id}`, { ...body, expectedVersion: 1 })).status).toBe(
      404,
    );

    // Edit with the version read; a stale one is a conflict.
    const edited = await k.desk('PUT', `/api/desk/duty/${id}`, {
      ...body,
      to: '2026-10-08',
      expectedVersion: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ to: '2026-10-08', version: 2 });
    expect((await k.desk('PUT', `/api/desk/duty/${id}`, { ...body, expectedVersion: 1 })).status).toBe(409);
    expect((await k.desk('DELETE', `/api/desk/duty/${id}?expectedVersion=1`)).status).toBe(409);
    expect((await k.desk('DELETE', `/api/desk/duty/${id}`)).status).toBe(400);
    expect((await k.desk('DELETE', `/api/desk/duty/${id}?expectedVersion=2`)).status).toBe(204);
    expect(
      (await k.desk('GET', '/api/desk/duty')).json.entries.map((e: { dutyId: string }) => e.dutyId),
    ).toEqual([forContract.json.dutyId]);
    const audit = await s.system.audit.auditOfObject('dutyEntry', id);
    expect(audit.map((r) => r.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('picks the entry of the contract before a company-wide one, by the local date in the contract zone', async () => {
    const entry = (over: Partial<import('../../functions/store/duty.ts').DutyEntry>) =>
      ({
        companyId: 'c',
        dutyId: Math.random().toString(36).slice(2),
        from: '2026-10-01',
        to: '2026-10-07',
        engineerId: 'e',
        managerId: 'm',
        note: '',
        createdAt: '2026-09-01T00:00:00Z',
        updatedAt: '2026-09-01T00:00:00Z',
        version: 1,
        ...over,
      }) as import('../../functions/store/duty.ts').DutyEntry;
    const wide = entry({ engineerId: 'wide' });
    const mine = entry({ contractId: 'k1', engineerId: 'mine', from: '2026-09-30' });
    const later = entry({ engineerId: 'later', from: '2026-10-03' });
    expect(duty.applyingEntry([wide, mine, later], 'k1', '2026-10-04')?.engineerId).toBe('mine');
    expect(duty.applyingEntry([wide, mine, later], 'k2', '2026-10-04')?.engineerId).toBe('later');
    expect(duty.applyingEntry([wide, mine, later], 'k2', '2026-10-02')?.engineerId).toBe('wide');
    expect(duty.applyingEntry([wide, mine, later], 'k2', '2026-10-08')).toBeUndefined();
    // 2026-09-30T16:30Z is already 1 October in Shanghai.
    expect(duty.localDate('2026-09-30T16:30:00Z', 'Asia/Shanghai')).toBe('2026-10-01');
  });

  const phoneOf = async (staffId: string) => (await s.system.staff.getStaff(staffId))?.phone;

  async function ticketAt(k: Seeded, reportedAt: number) {
    s.clock.set(new Date(reportedAt).toISOString());
    await reportFault(s, k, { answers: MINOR });
    const board = await k.desk('GET', '/api/desk/board');
    return board.json.tickets.find((t: { reportedAt: string }) => Date.parse(t.reportedAt) === reportedAt)
      .ticketId as string;
  }

  it('while an entry applies, its engineer is tier 1 of an unassigned ticket and its manager tier 2; outside it, the contract', async () => {
    const k = await seedContract(s, 'A');
    const chain = await contractChain(k);
    const onDuty = await member(k, ['engineer'], '值班工程师 王');
    const manager = await member(k, ['dispatcher'], '值班经理 孙');
    // 1–3 October, Shanghai time.
    const created = await k.desk('POST', '/api/desk/duty', {
      from: '2026-10-01',
      to: '2026-10-03',
      engineerId: onDuty.staffId,
      managerId: manager.staffId,
      note: '国庆',
    });
    expect(created.status).toBe(201);

    // Reported 2 October 10:00 Shanghai: the arrival warning (tier 1) and the miss (tier 2).
    const during = Date.parse('2026-10-02T02:00:00.000Z');
    const inHoliday = await ticketAt(k, during);
    await decideModule.createDecide({ clock: () => new Date(during + 1.6 * H) })({ ticketId: inHoliday });
    expect(sent).toEqual([{ to: onDuty.phone, template: 'warning' }]);
    sent = [];
    await decideModule.createDecide({ clock: () => new Date(during + 2.1 * H) })({ ticketId: inHoliday });
    expect(sent.map((m) => m.to).sort()).toEqual([onDuty.phone, manager.phone].sort());
    expect(sent.every((m) => m.template === 'arrivalMissed')).toBe(true);

    // Assigned during the holiday: tier 1 is the assigned engineer, tier 2 still the duty manager.
    sent = [];
    const assigned = await ticketAt(k, during + 60_000);
    s.clock.set(new Date(during + 2 * 60_000).toISOString());
    expect(
      (
        await k.desk('POST', `/api/desk/tickets/${assigned}/assign`, {
          engineerId: k.engineer.staffId,
          expectedVersion: 1,
        })
      ).status,
    ).toBe(200);
    await decideModule.createDecide({ clock: () => new Date(during + 60_000 + 2.1 * H) })({
      ticketId: assigned,
    });
    const engineerPhone = await phoneOf(k.engineer.staffId);
    expect(
      sent
        .filter((m) => m.template === 'arrivalMissed')
        .map((m) => m.to)
        .sort(),
    ).toEqual([engineerPhone, manager.phone].sort());

    // 4 October: the entry no longer applies — the contract's tier-1 and tier-2 entries.
    sent = [];
    const after = Date.parse('2026-10-04T02:00:00.000Z');
    const later = await ticketAt(k, after);
    await decideModule.createDecide({ clock: () => new Date(after + 2.1 * H) })({ ticketId: later });
    const dispatcherPhone = await phoneOf(k.dispatcher.staffId);
    expect(
      sent
        .filter((m) => m.template === 'arrivalMissed')
        .map((m) => m.to)
        .sort(),
    ).toEqual([dispatcherPhone, chain.pm.phone].sort());
    for (const m of sent) expect(m.to).not.toBe(chain.supervisor.phone);
  });
});
