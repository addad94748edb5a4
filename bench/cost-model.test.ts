import { describe, expect, it } from 'vitest';
import { renderSms } from '../shared/sms/templates.ts';
import { smsParts } from './cost-model.bench.ts';

describe('SMS parts of the cost model', () => {
  it('counts 70 UCS-2 characters a part, and 67 a part once a text is split', () => {
    expect(smsParts('故'.repeat(70))).toBe(1);
    expect(smsParts('故'.repeat(71))).toBe(2);
    expect(smsParts('故'.repeat(134))).toBe(2);
    expect(smsParts('故'.repeat(135))).toBe(3);
  });
  it('counts an escalation alert as the carrier would: one part', () => {
    const text = renderSms('escalationAlert', { ticketNo: 'SC-2026-000123', level: '1' }, 'zh-CN');
    expect(smsParts(text)).toBe(1);
  });
});
