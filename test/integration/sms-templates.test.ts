import { describe, expect, it } from 'vitest';
import {
  renderSms,
  SMS_PART_CHARS,
  SMS_SIGNATURE,
  SMS_TEMPLATE_IDS,
  SmsTemplateError,
  smsLength,
  worstCaseParams,
} from '../../shared/sms/templates.ts';

const LANGS = ['zh-CN', 'en'] as const;

describe('SMS templates', () => {
  const cases = SMS_TEMPLATE_IDS.flatMap((id) => LANGS.map((lang) => [id, lang] as const));

  it('cover sign-in, escalation, missed arrival, warning, report due and report missed', () => {
    expect(SMS_TEMPLATE_IDS).toEqual(
      expect.arrayContaining([
        'signInCode',
        'escalationAlert',
        'arrivalMissed',
        'warning',
        'reportDue',
        'reportMissed',
      ]),
    );
  });

  it.each(cases)('%s (%s) fits one SMS part with the signature, parameters at their longest', (id, lang) => {
    const text = renderSms(id, worstCaseParams(id, lang), lang);
    expect(text.startsWith(SMS_SIGNATURE[lang])).toBe(true);
    expect(smsLength(text)).toBeLessThanOrEqual(SMS_PART_CHARS);
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('words the sign-in code in Chinese with the 【Sitecall】 signature', () => {
    expect(renderSms('signInCode', { code: '042917' }, 'zh-CN')).toBe(
      '【Sitecall】登录验证码 042917,5 分钟内有效。请勿告诉他人。',
    );
  });

  it('refuses parameters outside their bounds, so no text can grow past one part', () => {
    expect(() => renderSms('signInCode', { code: '1234567' }, 'en')).toThrow(SmsTemplateError);
    expect(() => renderSms('signInCode', {}, 'en')).toThrow(SmsTemplateError);
    expect(() => renderSms('escalationAlert', { ticketNo: 'A'.repeat(17), level: '1' }, 'en')).toThrow(
      SmsTemplateError,
    );
    expect(() => renderSms('warning', { ticketNo: 'T-1', deadline: 'lunch', minutes: '5' }, 'en')).toThrow(
      SmsTemplateError,
    );
    expect(() => renderSms('signInCode', { code: '123456', extra: 'http://evil.example' }, 'en')).toThrow(
      SmsTemplateError,
    );
  });
});
