/**
 * A policy version with the contract's own numbers: taken from a preset with the numbers the desk
 * changed, refused with the field named when a number is out of bounds or out of order or the start
 * lies in the past (nothing written), and used by the tickets reported from its start only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type IntakeSystem, loadIntakeSystem, reportFault, seedContract } from './intake-fixtures.ts';

describe('SLA policy versions with custom numbers', () => {
  let s: IntakeSystem;
  beforeAll(async () => {
    s = await loadIntakeSystem();
  });

  it('stores the preset with the numbers replaced, and times tickets reported from its start by them', async () => {
    s.clock.set('2026-11-25T02:00:00.000Z');
    const k = await seedContract(s, 'A');
    const path = `/api/desk/contracts/${k.contractId}/policies`;
    const added = await k.desk('POST', path, {
      effectiveFrom: '2026-12-01T00:00:00+08:00',
      arrival: { kind: 'serviceTime', minutes: 90 },
      resolutionMinutes: { 1: 180 },
      warningRatio: 0.8,
      report: { dueAfterHours: 72, warningAfterHours: 48 },
      expectedVersion: 1,
    });
    expect(added.status).toBe(201);
    const v2 = added.json.policies.find((p: { version: number }) => p.version === 2);
    expect(v2).toMatchObject({
      serviceLevel: 'A',
      effectiveFrom: '2026-11-30T16:00:00.000Z',
      arrival: { kind: 'serviceTime', minutes: 90 },
      // Levels 2 and 3 keep the A preset's 24 h and 48 h.
      resolutionMinutes: { 1: 180, 2: 1440, 3: 2880 },
      warningRatio: 0.8,
      report: { dueAfterHours: 72, warningAfterHours: 48 },
    });
    expect(v2.calendar.label).toBe('7×24');

    // Reported before the start: version 1 (A: level 1 in 2 h, arrival in 2 h).
    s.clock.set('2026-11-30T15:00:00.000Z');
    const before = await reportFault(s, k);
    expect(before.json).toMatchObject({
      arrivalDueAt: '2026-11-30T17:00:00Z',
      resolutionDueAt: '2026-11-30T17:00:00Z',
    });
    // Reported after: the custom numbers (arrival 1.5 h, level 1 in 3 h).
    s.clock.set('2026-12-01T02:00:00.000Z');
    const after = await reportFault(s, k);
    expect(after.json).toMatchObject({
      arrivalDueAt: '2026-12-01T03:30:00Z',
      resolutionDueAt: '2026-12-01T05:00:00Z',
    });
    // The first ticket still runs on version 1 after the new version came into force.
    const board = (await k.desk('GET', '/api/desk/board')).json.tickets as {
      number: string;
      resolutionDueAt: string;
    }[];
    expect(board.find((t) => t.number === before.json.number)?.resolutionDueAt).toBe('2026-11-30T17:00:00Z');
  });

  it('refuses a number out of bounds or out of order, naming the field in the caller’s language', async () => {
    s.clock.set('2026-11-25T02:00:00.000Z');
    const k = await seedContract(s, 'B');
    const path = `/api/desk/contracts/${k.contractId}/policies`;
    const body = { effectiveFrom: '2026-12-01T00:00:00Z', expectedVersion: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ resolutionMinutes: { 1: 0 } }, 'resolutionMinutes.1'],
      [{ resolutionMinutes: { 2: 90.5 } }, 'resolutionMinutes.2'],
      [{ resolutionMinutes: { 3: 60 * 24 * 61 } }, 'resolutionMinutes.3'],
      [{ arrival: { kind: 'serviceTime', minutes: 5 } }, 'arrival.minutes'],
      [{ arrival: { kind: 'whenever' } }, 'arrival.kind'],
      [{ warningRatio: 1 }, 'warningRatio'],
      [{ report: { dueAfterHours: -1 } }, 'report.dueAfterHours'],
      // B level 1 is 4 h: a level 2 of 3 h would be shorter than level 1.
      [{ resolutionMinutes: { 2: 180 } }, 'resolutionMinutes.2'],
      [{ resolutionMinutes: { 3: 600 } }, 'resolutionMinutes.3'],
      [{ report: { warningAfterHours: 120 } }, 'report.warningAfterHours'],
      [{ escalation: { repeatMinutes: 30 } }, 'escalation'],
    ];
    for (const [numbers, field] of cases) {
      const refused = await k.desk('POST', path, { ...body, ...numbers });
      expect(refused.status, field).toBe(400);
      expect(refused.json.error.field).toBe(field);
      expect(refused.json.error.message.startsWith(`${field}: `)).toBe(true);
    }
    const zh = await call(
      s.deskApp,
      'POST',
      path,
      { ...k.dispatcher.auth, 'accept-language': 'zh-CN' },
      {
        ...body,
        resolutionMinutes: { 3: 600 },
      },
    );
    expect(zh.json.error).toEqual({
      code: 'bad_request',
      field: 'resolutionMinutes.3',
      message: 'resolutionMinutes.3:解决时限不能短于更严重级别的时限(一级 ≤ 二级 ≤ 三级)',
    });
    // Nothing was written: the contract is at version 1 with its one policy.
    const contract = (await k.desk('GET', `/api/desk/contracts/${k.contractId}`)).json;
    expect(contract.version).toBe(1);
    expect(contract.policies).toHaveLength(1);
  });

  it('refuses a start in the past and takes a start of a few minutes ago as now', async () => {
    s.clock.set('2026-11-25T02:00:00.000Z');
    const k = await seedContract(s, 'C');
    const path = `/api/desk/contracts/${k.contractId}/policies`;
    const past = await k.desk('POST', path, { effectiveFrom: '2026-11-24T00:00:00Z', expectedVersion: 1 });
    expect(past.status).toBe(400);
    expect(past.json.error.field).toBe('effectiveFrom');
    const recent = await k.desk('POST', path, { effectiveFrom: '2026-11-25T01:55:00Z', expectedVersion: 1 });
    expect(recent.status).toBe(201);
    expect(recent.json.policies[1].effectiveFrom).toBe('2026-11-25T02:00:00.000Z');
    const stale = await k.desk('POST', path, { effectiveFrom: '2026-12-01T00:00:00Z', expectedVersion: 1 });
    expect(stale.status).toBe(409);
  });
});
