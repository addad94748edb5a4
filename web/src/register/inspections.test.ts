import { describe, expect, it } from 'vitest';
import type { DeskVisit, InspectionItem } from '../../../shared/field/schemas.ts';
import {
  answerText,
  defaultDueDate,
  devicesDone,
  dueDateProblem,
  groupByQuarter,
  historyForms,
  messageForField,
  nextQuarter,
  quarterBounds,
  quarterChoices,
  quarterOf,
  roundPreview,
  shiftQuarter,
} from './inspections';

const words = { pass: 'PASS', fail: 'FAIL', none: '—' };

function visit(over: Partial<DeskVisit> & { id: string; quarter: string; siteName?: string }): DeskVisit {
  const { siteName = 'Room 1', ...rest } = over;
  return {
    contractId: 'c1',
    contractName: 'Contract',
    site: { id: `s-${siteName}`, name: siteName, address: 'addr', lat: 0, lon: 0, radiusM: 200 },
    dueDate: '2026-03-31',
    state: 'open',
    devices: [],
    engineerId: 'e1',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
}

describe('quarters', () => {
  it('finds the quarter of a date and the ones after it, across a year end', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(nextQuarter('2026-11-25')).toBe('2027-Q1');
    expect(nextQuarter('2026-05-10')).toBe('2026-Q3');
    expect(quarterChoices('2026-11-25')).toEqual(['2026-Q4', '2027-Q1', '2027-Q2', '2027-Q3']);
  });

  it('bounds a quarter by its first and last day, leap February included', () => {
    expect(quarterBounds('2028-Q1')).toEqual({ first: '2028-01-01', last: '2028-03-31' });
    expect(quarterBounds('2026-Q2')).toEqual({ first: '2026-04-01', last: '2026-06-30' });
    expect(quarterBounds('2026-Q3')).toEqual({ first: '2026-07-01', last: '2026-09-30' });
    expect(quarterBounds('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
    expect(quarterBounds('2026-Q5')).toBeNull();
    expect(defaultDueDate('2027-Q1')).toBe('2027-03-31');
  });

  it('takes a due date only inside the quarter and not before today', () => {
    expect(dueDateProblem('2027-Q1', '2027-02-15', '2026-11-25')).toBeNull();
    expect(dueDateProblem('2027-Q1', '2027-01-01', '2026-11-25')).toBeNull();
    expect(dueDateProblem('2027-Q1', '2027-03-31', '2026-11-25')).toBeNull();
    expect(dueDateProblem('2027-Q1', '2027-04-01', '2026-11-25')).toBe('outside');
    expect(dueDateProblem('2027-Q1', '2026-12-31', '2026-11-25')).toBe('outside');
    expect(dueDateProblem('2026-Q4', '2026-11-24', '2026-11-25')).toBe('past');
    expect(dueDateProblem('2026-Q4', '', '2026-11-25')).toBe('missing');
    expect(dueDateProblem('2026-Q4', '2026-13-45', '2026-11-25')).toBe('missing');
  });
});

describe('a round of visits', () => {
  const sites = [{ siteId: 'a' }, { siteId: 'b' }, { siteId: 'c' }];
  const devices = [
    { siteId: 'a', category: 'firewall' },
    { siteId: 'a', category: 'storage' },
    { siteId: 'b', category: 'minicomputer' },
    // A category without a template gets no visit.
    { siteId: 'c', category: 'printer' },
  ];

  it('counts one visit per site with an inspected device, less those the quarter already has', () => {
    expect(roundPreview('2027-Q1', sites, devices, [])).toEqual({ sites: 2, toCreate: 2, existing: 0 });
    const made = [
      { quarter: '2027-Q1', site: { id: 'a' } },
      { quarter: '2026-Q4', site: { id: 'b' } },
    ] as DeskVisit[];
    expect(roundPreview('2027-Q1', sites, devices, made)).toEqual({ sites: 2, toCreate: 1, existing: 1 });
    const all = [
      { quarter: '2027-Q1', site: { id: 'a' } },
      { quarter: '2027-Q1', site: { id: 'b' } },
    ] as DeskVisit[];
    expect(roundPreview('2027-Q1', sites, devices, all)).toEqual({ sites: 2, toCreate: 0, existing: 2 });
  });

  it('groups visits by quarter, newest first, by due date then site, counting the submitted', () => {
    const groups = groupByQuarter([
      visit({ id: '1', quarter: '2026-Q4', siteName: 'B', dueDate: '2026-12-31', state: 'submitted' }),
      visit({ id: '2', quarter: '2027-Q1', siteName: 'A' }),
      visit({ id: '3', quarter: '2026-Q4', siteName: 'A', dueDate: '2026-12-31' }),
      visit({ id: '4', quarter: '2026-Q4', siteName: 'C', dueDate: '2026-12-01' }),
    ]);
    expect(groups.map((g) => g.quarter)).toEqual(['2027-Q1', '2026-Q4']);
    expect(groups[1]?.visits.map((v) => v.id)).toEqual(['4', '3', '1']);
    expect(groups[1]?.submitted).toBe(1);
    expect(groups[0]?.submitted).toBe(0);
  });

  it('counts the devices submitted of a visit', () => {
    const device = (submitted: boolean) => ({
      deviceId: 'd',
      category: 'firewall',
      model: 'm',
      serial: null,
      templateId: 'firewall-v1',
      submitted,
      answers: {},
    });
    expect(devicesDone({ devices: [device(true), device(false), device(false)] })).toEqual({
      done: 1,
      total: 3,
    });
  });
});

describe('answers in words', () => {
  const passFail: InspectionItem = {
    id: 'fan',
    kind: 'passFail',
    label: { 'zh-CN': '风扇', en: 'Fans' },
    required: true,
  };
  const cpu: InspectionItem = {
    id: 'cpu',
    kind: 'number',
    label: { 'zh-CN': 'CPU', en: 'CPU' },
    required: true,
    unit: '%',
    max: 80,
  };
  const ha: InspectionItem = {
    id: 'ha',
    kind: 'choice',
    label: { 'zh-CN': 'HA', en: 'HA' },
    required: true,
    choices: [{ value: 'degraded', label: { 'zh-CN': '单机运行', en: 'One node only' }, failing: true }],
  };

  it('says pass/fail in the given words, numbers with their unit, choices by their label', () => {
    expect(answerText(passFail, true, 'en', words)).toBe('PASS');
    expect(answerText(passFail, false, 'en', words)).toBe('FAIL');
    expect(answerText(passFail, null, 'en', words)).toBe('—');
    expect(answerText(passFail, undefined, 'en', words)).toBe('—');
    expect(answerText(cpu, 93, 'en', words)).toBe('93 %');
    expect(answerText(ha, 'degraded', 'zh-CN', words)).toBe('单机运行');
    expect(answerText(ha, 'degraded', 'en', words)).toBe('One node only');
    expect(answerText(ha, 'other', 'en', words)).toBe('other');
  });

  it('reads a device history against its template: failures marked, with their ticket, newest first', () => {
    const forms = historyForms(
      {
        inspections: [
          {
            visitId: 'v1',
            templateId: 'firewall-v1',
            engineerId: 'e1',
            submittedAt: '2026-03-10T02:00:00.000Z',
            answers: { cpu: 93, 'ha-state': 'active-standby', retired: 'x' },
            failures: [{ itemId: 'cpu', value: 93, ticketId: 't1', number: 'T-0001' }],
          },
          {
            visitId: 'v2',
            templateId: 'firewall-v1',
            engineerId: 'e2',
            submittedAt: '2026-06-10T02:00:00.000Z',
            answers: { cpu: 20 },
            failures: [],
          },
        ],
      },
      [{ id: 'v1', quarter: '2026-Q1', dueDate: '2026-03-31' }],
      'en',
      words,
    );
    expect(forms.map((f) => f.visitId)).toEqual(['v2', 'v1']);
    const [newer, older] = forms;
    expect(newer?.quarter).toBeNull();
    expect(newer?.failed).toBe(0);
    expect(older?.quarter).toBe('2026-Q1');
    expect(older?.title).toBe('Firewall inspection');
    const cpuLine = older?.lines.find((l) => l.itemId === 'cpu');
    expect(cpuLine).toMatchObject({ label: 'CPU utilisation', answer: '93 %', failed: true });
    expect(cpuLine?.ticket).toEqual({ ticketId: 't1', number: 'T-0001' });
    expect(older?.lines.find((l) => l.itemId === 'ha-state')).toMatchObject({ failed: false, judged: true });
    expect(older?.lines.find((l) => l.itemId === 'remarks')).toMatchObject({ failed: false, judged: false });
    expect(older?.lines.at(-1)).toMatchObject({ itemId: 'retired', label: 'retired', answer: 'x' });
    expect(older?.failed).toBe(1);
  });
});

describe('a field message', () => {
  it('drops the field name the server starts it with', () => {
    expect(messageForField('engineerId', 'engineerId:请选择本公司在职的工程师')).toBe(
      '请选择本公司在职的工程师',
    );
    expect(messageForField('engineerId', 'engineerId: choose an engineer')).toBe('choose an engineer');
    expect(messageForField('dueDate', 'expected a date YYYY-MM-DD')).toBe('expected a date YYYY-MM-DD');
  });
});
