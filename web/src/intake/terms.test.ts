import { describe, expect, it } from 'vitest';
import { areaTranslator } from './catalogue';
import { intakeEn } from './i18n.en';
import { intakeZhCN } from './i18n.zh-CN';
import { dueStatus, eventText, levelRaised } from './terms';

const due = { arrivalDueAt: '2026-05-03T08:00:00Z', resolutionDueAt: '2026-05-03T12:00:00Z' };

describe('dueStatus', () => {
  it('runs both clocks until the engineer arrives', () => {
    expect(dueStatus('arrival', { ...due, state: 'assigned', paused: false })).toEqual({
      kind: 'running',
      dueAt: due.arrivalDueAt,
    });
  });

  it('counts arrival met on site, and resolution met once resolved', () => {
    expect(dueStatus('arrival', { ...due, state: 'onSite', paused: false }).kind).toBe('met');
    expect(dueStatus('resolution', { ...due, state: 'onSite', paused: false }).kind).toBe('running');
    expect(dueStatus('resolution', { ...due, state: 'resolved', paused: false }).kind).toBe('met');
  });

  it('holds the resolution clock of a paused ticket but not the arrival deadline', () => {
    expect(dueStatus('resolution', { ...due, state: 'new', paused: true }).kind).toBe('paused');
    expect(dueStatus('arrival', { ...due, state: 'new', paused: true }).kind).toBe('running');
  });
});

describe('levelRaised', () => {
  it('marks a level more severe than the one reported', () => {
    const timeline = [{ type: 'reported', faultLevel: 3 }];

    expect(levelRaised(2, timeline)).toBe(true);
    expect(levelRaised(3, timeline)).toBe(false);
  });
});

describe('eventText', () => {
  it('words known events with their level in both languages, and an unknown one generically', () => {
    expect(eventText(areaTranslator(intakeZhCN), 'levelChanged', 1)).toBe('服务台调整故障级别：一级（重大）');
    expect(eventText(areaTranslator(intakeEn), 'assigned')).toBe('Engineer assigned');
    expect(eventText(areaTranslator(intakeEn), 'somethingNew')).toBe('Ticket updated');
  });
});

describe('intake catalogues', () => {
  it('use the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(intakeZhCN) as (keyof typeof intakeZhCN)[]) {
      expect(names(intakeEn[key]), key).toEqual(names(intakeZhCN[key]));
    }
  });
});
