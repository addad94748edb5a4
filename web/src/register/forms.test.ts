import { describe, expect, it } from 'vitest';
import { previewDeadline } from '../../../shared/contracts/policy-preview.ts';
import {
  contactBody,
  contractBody,
  contractUpdateBody,
  customerFormOf,
  customerUpdateBody,
  deviceBody,
  escalationBody,
  formChanged,
  localInstant,
  pageUrl,
  policyBody,
  policyDraft,
  policyFormOf,
  siteBody,
  startOfDayIn,
  tiersOf,
  todayIn,
  toggle,
} from './forms';
import { registerEn } from './i18n.en';
import { registerZhCN } from './i18n.zh-CN';

const contractForm = {
  name: ' 2026 年度维保合同 ',
  serviceLevel: 'B',
  timeZone: 'Asia/Shanghai',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  notes: '  ',
};

describe('contractBody', () => {
  it('sends the trimmed fields and leaves empty notes out', () => {
    const checked = contractBody(contractForm, 'cust-1');

    expect(checked).toEqual({
      ok: true,
      body: {
        customerId: 'cust-1',
        name: '2026 年度维保合同',
        serviceLevel: 'B',
        timeZone: 'Asia/Shanghai',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      },
    });
  });

  it('names the end date when the period ends before it starts', () => {
    expect(contractBody({ ...contractForm, endsOn: '2025-12-31' }, 'cust-1')).toEqual({
      ok: false,
      field: 'endsOn',
    });
  });

  it('names an empty name', () => {
    expect(contractBody({ ...contractForm, name: '  ' }, 'cust-1')).toEqual({ ok: false, field: 'name' });
  });

  it('sends the version the desk read with an update', () => {
    const checked = contractUpdateBody(
      { name: 'K', startsOn: '2026-01-01', endsOn: '2026-06-30', notes: 'n' },
      4,
    );

    expect(checked).toEqual({
      ok: true,
      body: { name: 'K', startsOn: '2026-01-01', endsOn: '2026-06-30', notes: 'n', expectedVersion: 4 },
    });
  });
});

describe('siteBody', () => {
  const form = {
    name: '一号机房',
    address: '上海市浦东新区张江路 1 号',
    lat: '31.2',
    lng: '121,6',
    checkInRadiusM: '',
  };

  it('reads coordinates typed with a comma and defaults the radius', () => {
    expect(siteBody(form)).toEqual({
      ok: true,
      body: {
        name: '一号机房',
        address: '上海市浦东新区张江路 1 号',
        lat: 31.2,
        lng: 121.6,
        checkInRadiusM: 300,
      },
    });
  });

  it('names a latitude out of range, an empty longitude and a radius under 10 m', () => {
    expect(siteBody({ ...form, lat: '91' })).toEqual({ ok: false, field: 'lat' });
    expect(siteBody({ ...form, lng: '' })).toEqual({ ok: false, field: 'lng' });
    expect(siteBody({ ...form, checkInRadiusM: '5' })).toEqual({ ok: false, field: 'checkInRadiusM' });
  });
});

describe('contactBody', () => {
  it('normalises a mainland mobile number as the server does, and names a bad one', () => {
    const checked = contactBody({ name: '李工', phone: '139 0000 1234', role: '信息中心' });

    expect(checked.ok && checked.body.phone).toBe('+8613900001234');
    expect(contactBody({ name: '李工', phone: '12345', role: '信息中心' })).toEqual({
      ok: false,
      field: 'phone',
    });
  });
});

describe('deviceBody', () => {
  const form = {
    category: 'storage',
    model: 'EMC storage array',
    serial: ' ',
    siteId: 'site-1',
    serviceStart: '2026-01-01',
    serviceEnd: '2026-12-31',
    notes: '',
  };

  it('leaves an empty serial and empty notes out', () => {
    expect(deviceBody(form)).toEqual({
      ok: true,
      body: {
        category: 'storage',
        model: 'EMC storage array',
        siteId: 'site-1',
        serviceStart: '2026-01-01',
        serviceEnd: '2026-12-31',
      },
    });
  });

  it('names an unknown category, a missing site and a period that ends before it starts', () => {
    expect(deviceBody({ ...form, category: 'router' })).toEqual({ ok: false, field: 'category' });
    expect(deviceBody({ ...form, siteId: '' })).toEqual({ ok: false, field: 'siteId' });
    expect(deviceBody({ ...form, serviceEnd: '2025-01-01' })).toEqual({ ok: false, field: 'serviceEnd' });
  });
});

describe('escalation', () => {
  it('edits tiers 1..3 and sends only the tiers with someone in them', () => {
    const tiers = tiersOf([{ tier: 2, contactIds: ['c1'], staffIds: [] }]);
    const edited = tiers.map((t) => (t.tier === 1 ? { ...t, staffIds: toggle(t.staffIds, 's1', true) } : t));

    const checked = escalationBody(edited, 7);

    expect(tiers.map((t) => t.tier)).toEqual([1, 2, 3]);
    expect(checked).toEqual({
      ok: true,
      body: {
        tiers: [
          { tier: 1, contactIds: [], staffIds: ['s1'] },
          { tier: 2, contactIds: ['c1'], staffIds: [] },
        ],
        expectedVersion: 7,
      },
    });
  });

  it('toggles a choice off and on without doubling it', () => {
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
  });
});

describe('policy versions', () => {
  const BEFORE = Date.parse('2026-06-01T00:00:00Z');

  it('starts a version at 00:00 of the date in the contract zone, sending only what differs from the preset', () => {
    const checked = policyBody(policyFormOf('C', '2026-07-01'), 'Asia/Shanghai', 3, BEFORE);

    expect(checked).toEqual({
      ok: true,
      body: { effectiveFrom: '2026-06-30T16:00:00Z', serviceLevel: 'C', expectedVersion: 3 },
    });
  });

  it('starts a version chosen for today from now, never in the past', () => {
    const now = Date.parse('2026-07-01T03:15:42.500Z');
    const checked = policyBody(policyFormOf('C', '2026-07-01'), 'Asia/Shanghai', 3, now);
    expect(checked.ok && checked.body.effectiveFrom).toBe('2026-07-01T03:15:42Z');
  });

  it('sends the numbers the desk changed, in minutes and as a ratio', () => {
    const form = {
      ...policyFormOf('A', '2026-07-01'),
      arrivalHours: '1.5',
      resolution2Hours: '12',
      warningPercent: '80',
      reportDueHours: '72',
      reportWarningHours: '48',
    };
    expect(policyBody(form, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: true,
      body: {
        effectiveFrom: '2026-06-30T16:00:00Z',
        serviceLevel: 'A',
        arrival: { kind: 'serviceTime', minutes: 90 },
        resolutionMinutes: { 2: 720 },
        warningRatio: 0.8,
        report: { dueAfterHours: 72, warningAfterHours: 48 },
        expectedVersion: 1,
      },
    });
  });

  it('names the field of a number out of bounds or out of order, with the reason of an order', () => {
    const base = policyFormOf('B', '2026-07-01');
    expect(policyBody({ ...base, resolution1Hours: '0.1' }, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: false,
      field: 'resolution1Hours',
    });
    expect(policyBody({ ...base, warningPercent: 'abc' }, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: false,
      field: 'warningPercent',
    });
    expect(policyBody({ ...base, resolution3Hours: '10' }, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: false,
      field: 'resolution3Hours',
      reason: 'resolutionOrder',
    });
    expect(policyBody({ ...base, reportWarningHours: '120' }, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: false,
      field: 'reportWarningHours',
      reason: 'reportWarningOrder',
    });
  });

  it('switches an arrival to the next working day without sending hours', () => {
    const form = { ...policyFormOf('A', '2026-07-01'), arrivalKind: 'closeOfNextWorkingDay' as const };
    const checked = policyBody(form, 'Asia/Shanghai', 1, BEFORE);
    expect(checked.ok && checked.body.arrival).toEqual({ kind: 'closeOfNextWorkingDay' });
  });

  it('previews the example deadline with the numbers typed, through the SLA engine', () => {
    // C, 5×8: reported Wednesday 2026-07-01 16:30 Shanghai; level 1 = 8 h of service time → Thursday 16:30.
    const form = policyFormOf('C', '2026-07-01');
    const draft = policyDraft(form, 'Asia/Shanghai');
    const at = localInstant('2026-07-01', '16:30', 'Asia/Shanghai');
    expect(at).toBe('2026-07-01T08:30:00Z');
    if (!draft.ok || at === null) throw new Error('the preset must pass');
    expect(previewDeadline(draft.policy, at, 1)?.resolutionDueAt).toBe('2026-07-02T08:30:00Z');
    const shorter = policyDraft({ ...form, resolution1Hours: '4' }, 'Asia/Shanghai');
    if (!shorter.ok) throw new Error('4 h is a valid level 1 target');
    const preview = previewDeadline(shorter.policy, at, 1);
    expect(preview?.resolutionDueAt).toBe('2026-07-02T04:30:00Z');
    expect(preview?.explain.en).not.toBe('');
    expect(preview?.explain.zh).not.toBe('');
  });

  it('finds local midnight across a daylight-saving change', () => {
    expect(startOfDayIn('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00Z');
    expect(startOfDayIn('2026-03-28', 'Europe/Berlin')).toBe('2026-03-27T23:00:00Z');
  });

  it('refuses a date that does not exist and names the field', () => {
    expect(startOfDayIn('2026-02-30', 'Asia/Shanghai')).toBeNull();
    expect(policyBody({ ...policyFormOf('A', ''), effectiveOn: '' }, 'Asia/Shanghai', 1, BEFORE)).toEqual({
      ok: false,
      field: 'effectiveOn',
    });
  });

  it('reads today in the contract zone, not in UTC', () => {
    expect(todayIn('Asia/Shanghai', Date.parse('2026-05-03T17:30:00Z'))).toBe('2026-05-04');
  });
});

describe('customers', () => {
  const stored = {
    customerId: 'c1',
    name: '华东电力',
    notes: null,
    phone: '+862155550000',
    email: null,
    address: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 4,
  };

  it('leaves empty details out and checks the phone and email as the server does', () => {
    const form = { ...customerFormOf(stored), email: ' it@huadong.example.cn ', address: '  ' };
    expect(customerUpdateBody(form, 4)).toEqual({
      ok: true,
      body: { name: '华东电力', phone: '+862155550000', email: 'it@huadong.example.cn', expectedVersion: 4 },
    });
    expect(customerUpdateBody({ ...form, phone: '12345' }, 4)).toEqual({ ok: false, field: 'phone' });
    expect(customerUpdateBody({ ...form, email: 'not mail' }, 4)).toEqual({ ok: false, field: 'email' });
    expect(customerUpdateBody({ ...form, name: '   ' }, 4)).toEqual({ ok: false, field: 'name' });
  });

  it('counts a form as changed only by what would be sent', () => {
    const form = customerFormOf(stored);
    expect(formChanged(form, { ...form, name: ' 华东电力 ' })).toBe(false);
    expect(formChanged(form, { ...form, notes: '夜间请打总机' })).toBe(true);
  });
});

describe('pageUrl', () => {
  it('joins the site origin and a page path', () => {
    expect(pageUrl('https://desk.example.cn/', '/r/abc')).toBe('https://desk.example.cn/r/abc');
  });
});

describe('the register catalogues', () => {
  it('say every message in both languages, none empty', () => {
    expect(Object.keys(registerEn).sort()).toEqual(Object.keys(registerZhCN).sort());
    for (const text of [...Object.values(registerEn), ...Object.values(registerZhCN)])
      expect(text.trim()).not.toBe('');
  });
});
