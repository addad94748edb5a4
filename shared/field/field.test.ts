import { describe, expect, it } from 'vitest';
import { haversineM, judgeCheckIn } from './geo.ts';
import { FieldActionSchema, OutboxBodySchema } from './schemas.ts';
import {
  answerProblem,
  CURRENT_TEMPLATE,
  failsCheck,
  missingRequired,
  TEMPLATES,
  templateById,
} from './templates.ts';
import { fieldEventTime } from './time.ts';

const received = new Date('2026-11-25T10:00:00.000Z');
const accepted = '2026-11-25T08:00:00.000Z';

describe('the time a field event counts at', () => {
  it('is the phone time when the offset is within 2 minutes', () => {
    const t = fieldEventTime({
      recordedAt: '2026-11-25T09:00:00Z',
      clockOffsetMs: 120_000,
      receivedAt: received,
      acceptedAt: accepted,
    });
    expect(t).toMatchObject({ at: '2026-11-25T09:00:00.000Z', corrected: false, corrections: [] });
  });
  it('is corrected by an offset beyond 2 minutes, either way', () => {
    expect(
      fieldEventTime({
        recordedAt: '2026-11-25T09:00:00Z',
        clockOffsetMs: 120_001,
        receivedAt: received,
        acceptedAt: accepted,
      }).at,
    ).toBe('2026-11-25T08:57:59.999Z');
    expect(
      fieldEventTime({
        recordedAt: '2026-11-25T09:00:00Z',
        clockOffsetMs: -600_000,
        receivedAt: received,
        acceptedAt: accepted,
      }),
    ).toMatchObject({ at: '2026-11-25T09:10:00.000Z', corrected: true, corrections: ['clockOffset'] });
  });
  it('is never later than the receipt nor before acceptance', () => {
    expect(
      fieldEventTime({
        recordedAt: '2026-11-26T09:00:00Z',
        clockOffsetMs: null,
        receivedAt: received,
        acceptedAt: accepted,
      }),
    ).toMatchObject({ at: received.toISOString(), corrections: ['clampedToReceipt'] });
    expect(
      fieldEventTime({
        recordedAt: '2026-11-20T09:00:00Z',
        clockOffsetMs: 0,
        receivedAt: received,
        acceptedAt: accepted,
      }),
    ).toMatchObject({ at: accepted, corrections: ['clampedToAcceptance'] });
  });
});

describe('check-in place', () => {
  const site = { lat: 31.23, lon: 121.47, radiusM: 200 };
  it('measures great-circle distance', () => {
    expect(Math.round(haversineM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 }))).toBe(111_195);
    expect(haversineM(site, site)).toBe(0);
  });
  it('grants the accuracy up to 500 m on top of the radius', () => {
    const at = (m: number, accuracyM: number) => ({
      lat: site.lat + m / 111_195,
      lon: site.lon,
      accuracyM,
      fixedAt: '2026-11-25T09:00:00Z',
    });
    expect(judgeCheckIn(site, at(199, 0)).flag).toBe('ok');
    expect(judgeCheckIn(site, at(260, 50)).flag).toBe('beyondRadius');
    expect(judgeCheckIn(site, at(690, 9000)).flag).toBe('ok');
    expect(judgeCheckIn(site, at(710, 9000)).flag).toBe('beyondRadius');
    expect(judgeCheckIn(site, null)).toEqual({ distanceM: null, flag: 'noPosition' });
  });
});

describe('inspection templates', () => {
  it('has one current template per plan category, with unique item ids', () => {
    expect(Object.keys(CURRENT_TEMPLATE).sort()).toEqual([
      'firewall',
      'mail-gateway',
      'minicomputer',
      'storage',
      'traffic-monitor',
    ]);
    for (const t of TEMPLATES) {
      expect(t.id).toBe(`${t.category}-v${t.version}`);
      expect(new Set(t.items.map((i) => i.id)).size).toBe(t.items.length);
      for (const i of t.items) {
        expect(i.label['zh-CN'].length).toBeGreaterThan(0);
        expect(i.label.en.length).toBeGreaterThan(0);
      }
    }
  });
  it('checks kinds, failures and required items', () => {
    const firewall = templateById('firewall-v1');
    const cpu = firewall?.items.find((i) => i.id === 'cpu');
    const ha = firewall?.items.find((i) => i.id === 'ha-state');
    if (firewall === undefined || cpu === undefined || ha === undefined) throw new Error('template missing');
    expect(answerProblem(cpu, 'x')).toBeDefined();
    expect(answerProblem(cpu, 12)).toBeUndefined();
    expect(answerProblem(ha, 'nope')).toBeDefined();
    expect(failsCheck(cpu, 81)).toBe(true);
    expect(failsCheck(cpu, 80)).toBe(false);
    expect(failsCheck(ha, 'split-brain')).toBe(true);
    expect(failsCheck(ha, 'standalone')).toBe(false);
    expect(missingRequired(firewall, { cpu: 1, remarks: '' })).not.toContain('cpu');
    expect(missingRequired(firewall, { cpu: 1, 'ips-signature-date': '  ' })).toContain('ips-signature-date');
    expect(missingRequired(firewall, {})).not.toContain('remarks');
  });
});

describe('the wire contract', () => {
  it('takes every action kind and refuses an unknown one', () => {
    const ok = FieldActionSchema.safeParse({
      kind: 'confirm',
      ticketId: 't1',
      method: 'code',
      code: '012345',
    });
    expect(ok.success).toBe(true);
    expect(FieldActionSchema.safeParse({ kind: 'fly', ticketId: 't1' }).success).toBe(false);
    expect(OutboxBodySchema.safeParse({ items: [] }).success).toBe(false);
  });
});
