import { describe, expect, it } from 'vitest';
import type { TicketEventView, TicketNotificationView } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import { areaTranslator } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { intakeZhCN } from '../intake/i18n.zh-CN';
import { latestRaise, raiseEntryText, raiseText } from '../intake/raises';
import { boardMarks } from './board';
import { deskEn } from './i18n.en';
import { deskZhCN } from './i18n.zh-CN';
import {
  correctionTexts,
  fieldEntry,
  fieldFlagText,
  fieldText,
  firingText,
  isFieldEvent,
  isFiring,
  missedTargetText,
  smsDetailText,
  smsOfFiring,
  smsRecipientText,
  type TimelineWords,
  voidText,
} from './timeline';

const now = Date.parse('2026-11-18T03:00:00Z');
const words = (locale: Locale): TimelineWords => ({
  t: areaTranslator(locale === 'en' ? deskEn : deskZhCN),
  it: areaTranslator(locale === 'en' ? intakeEn : intakeZhCN),
  locale,
  timeZone: 'Asia/Shanghai',
  now,
});

function event(
  type: string,
  data: Record<string, unknown>,
  extra: Partial<TicketEventView> = {},
): TicketEventView {
  return {
    seq: 5,
    type,
    at: '2026-11-18T02:00:00Z',
    actor: { kind: 'system', id: 'timer' },
    reason: null,
    data,
    ...extra,
  };
}

const escalation = event('escalated', {
  firing: 'escalation@2026-11-18T02:00:00Z#L3>L2/T2',
  fromLevel: 3,
  toLevel: 2,
  faultLevel: 2,
  tier: 2,
  cause: 'deadline',
  missedTarget: { clock: 'resolution', level: 3, targetMinutes: 2880, dueAt: '2026-11-18T02:00:00Z' },
});

function sms(overrides: Partial<TicketNotificationView> = {}): TicketNotificationView {
  return {
    firing: 'escalation@2026-11-18T02:00:00Z#L3>L2/T2',
    recipient: { kind: 'contact', id: 'c1', name: '项目经理 陈', phone: '+86139****5678' },
    tier: 2,
    channel: 'sms',
    template: 'escalationAlert',
    status: 'sent',
    attempts: 1,
    nextAttemptAt: null,
    fallbackTier: null,
    standsIn: false,
    providerMessageId: 'msg-42',
    error: null,
    createdAt: '2026-11-18T02:00:01Z',
    at: '2026-11-18T02:00:02Z',
    missedTargetLocal: '2026-11-18 10:00',
    ...overrides,
  };
}

describe('timer firings on the desk timeline', () => {
  it('says an escalation with its levels, tier and the missed target in the contract’s zone', () => {
    expect(firingText(words('en'), escalation)).toBe(
      'Escalated: Level 3 (minor) → Level 2 (main), tier 2 alerted',
    );
    expect(firingText(words('zh-CN'), escalation)).toBe(
      '超时升级：三级（次要） → 二级（主要），通知至第 2 级',
    );
    // 02:00 UTC is 10:00 in Shanghai.
    expect(missedTargetText(words('en'), escalation)).toBe(
      'Missed: resolution target of Level 3 (minor), Wed, Nov 18, 10:00 (GMT+8)',
    );
    expect(missedTargetText(words('zh-CN'), escalation)).toMatch(
      /^未达成：三级.*解决时限 11月18日周三 10:00 \(GMT\+8\)$/,
    );
  });

  it('tells a repeat at level 1 and an escalation found at a level change apart', () => {
    const repeat = event('escalated', { fromLevel: 1, toLevel: 1, tier: 3 });
    expect(firingText(words('en'), repeat)).toBe('Escalated again: still Level 1 (major), tier 3 alerted');
    const triage = event('escalated', { fromLevel: 2, toLevel: 1, tier: 2, cause: 'triage' });
    expect(firingText(words('zh-CN'), triage)).toContain('调级时解决时限已过');
  });

  it('words each warning and alert in both languages', () => {
    const cases: [TicketEventView, string, string][] = [
      [
        event('arrivalWarning', { tier: 1, notification: { detail: { dueAt: '2026-11-16T04:00:00Z' } } }),
        'Arrival warning: due on site by Mon, Nov 16, 12:00 (GMT+8), tier 1 alerted',
        '到场时限预警：11月16日周一 12:00 (GMT+8) 前到场，通知至第 1 级',
      ],
      [
        event('arrivalMissed', { tier: 2 }),
        'Arrival deadline missed, tier 2 alerted',
        '到场超时，通知至第 2 级',
      ],
      [
        event('resolutionWarning', { tier: 1, level: 3 }),
        'Resolution warning for Level 3 (minor), tier 1 alerted',
        '三级（次要）解决时限预警，通知至第 1 级',
      ],
      [
        event('reportWarning', { tier: 1 }),
        'Service report due soon, tier 1 alerted',
        '服务报告即将到期，通知至第 1 级',
      ],
      [
        event('reportMissed', { tier: 2 }),
        'Service report overdue, tier 2 alerted',
        '服务报告逾期未交，通知至第 2 级',
      ],
    ];
    for (const [e, en, zh] of cases) {
      expect(isFiring(e)).toBe(true);
      expect(firingText(words('en'), e)).toBe(en);
      expect(firingText(words('zh-CN'), e)).toBe(zh);
    }
    expect(isFiring(event('assigned', {}))).toBe(false);
    expect(firingText(words('en'), event('assigned', {}))).toBeNull();
  });

  it('marks a void firing with the engine’s reason, and shows an unknown reason as it came', () => {
    const voided = { ...escalation, void: { reason: 'resolvedBeforeDeadline' } };
    expect(voidText(words('en').t, voided)).toBe('void: the fault was resolved before the deadline');
    expect(voidText(words('zh-CN').t, voided)).toBe('作废：故障在时限前已解决');
    expect(voidText(words('en').t, { ...escalation, void: { reason: 'somethingNew' } })).toBe(
      'void: somethingNew',
    );
    expect(voidText(words('en').t, escalation)).toBeNull();
  });

  it('lists each SMS of a firing with recipient, masked phone, template, status, attempts and provider id', () => {
    const list = [sms(), sms({ firing: 'arrivalMissed@…' })];
    expect(smsOfFiring(list, escalation)).toEqual([list[0]]);
    expect(smsRecipientText(words('en').t, sms())).toBe('SMS to 项目经理 陈 (+86139****5678), tier 2');
    expect(smsRecipientText(words('zh-CN').t, sms())).toBe('短信 → 项目经理 陈（+86139****5678），第 2 级');
    expect(smsDetailText(words('en'), sms())).toBe(
      'escalation alert · sent · attempt 1 · Wed, Nov 18, 10:00 · provider id msg-42',
    );
    const failed = sms({
      status: 'failed',
      attempts: 3,
      providerMessageId: null,
      error: 'Throttling',
      nextAttemptAt: '2026-11-18T02:04:02Z',
    });
    expect(smsDetailText(words('zh-CN'), failed)).toBe(
      '升级通知 · 发送失败 · 第 3 次 · 11月18日周三 10:00 · 错误 Throttling · 下次重试 11月18日周三 10:04',
    );
    expect(smsDetailText(words('en'), failed)).toBe(
      'escalation alert · failed · attempt 3 · Wed, Nov 18, 10:00 · error Throttling · next try Wed, Nov 18, 10:04',
    );
    const undelivered = sms({ status: 'undelivered', attempts: 5, providerMessageId: null, fallbackTier: 3 });
    expect(smsDetailText(words('en'), undelivered)).toBe(
      'escalation alert · undelivered · attempt 5 · Wed, Nov 18, 10:00 · every attempt failed; tier 3 alerted instead',
    );
    expect(smsDetailText(words('zh-CN'), { ...undelivered, fallbackTier: 0 })).toContain(
      '未送达 · 第 5 次 · 11月18日周三 10:00 · 多次发送失败，没有更高一级可通知',
    );
    expect(smsDetailText(words('en'), sms({ tier: 3, standsIn: true }))).toContain(
      'in place of an undelivered text',
    );
    expect(smsDetailText(words('en'), sms({ status: 'queued', providerMessageId: null }))).toContain(
      'queued',
    );
    const gone = sms({ recipient: { kind: 'staff', id: 's1', name: null, phone: '+86138****0000' } });
    expect(smsRecipientText(words('en').t, gone)).toBe('SMS to no longer listed (+86138****0000), tier 2');
  });
});

describe('the board’s marks', () => {
  const en = areaTranslator(deskEn);
  const zh = areaTranslator(deskZhCN);
  it('marks an escalated ticket with its count and tier, and undelivered SMS, in words', () => {
    const ticket = { escalated: true, tier: 3, alerts: { escalations: 2, failedSms: 1 } };
    expect(boardMarks(en, ticket)).toEqual([
      { kind: 'escalated', text: 'escalated ×2' },
      { kind: 'tier', text: 'tier 3' },
      { kind: 'smsFailed', text: 'SMS undelivered ×1' },
    ]);
    expect(boardMarks(zh, ticket).map((m) => m.text)).toEqual([
      '已升级 ×2',
      '通知至第 3 级',
      '短信未送达 ×1',
    ]);
  });
  it('marks a check-in the phone did not place on site, in words, and nothing for one on site', () => {
    const flagged = (checkIn: 'beyondRadius' | 'noPosition' | undefined) => ({
      escalated: false,
      tier: 1,
      alerts: { escalations: 0, failedSms: 0, ...(checkIn === undefined ? {} : { checkIn }) },
    });
    expect(boardMarks(en, flagged('beyondRadius'))).toEqual([{ kind: 'checkIn', text: 'check-in off site' }]);
    expect(boardMarks(zh, flagged('beyondRadius'))).toEqual([{ kind: 'checkIn', text: '签到超出范围' }]);
    expect(boardMarks(en, flagged('noPosition'))).toEqual([
      { kind: 'checkIn', text: 'check-in without GPS' },
    ]);
    expect(boardMarks(zh, flagged('noPosition'))).toEqual([{ kind: 'checkIn', text: '签到无定位' }]);
    expect(boardMarks(en, flagged(undefined))).toEqual([]);
  });
  it('marks nothing on a quiet ticket, and an undelivered warning SMS on its own', () => {
    expect(boardMarks(en, { escalated: false, tier: 1, alerts: { escalations: 0, failedSms: 0 } })).toEqual(
      [],
    );
    expect(boardMarks(en, { escalated: false, tier: 1, alerts: { escalations: 0, failedSms: 2 } })).toEqual([
      { kind: 'smsFailed', text: 'SMS undelivered ×2' },
    ]);
    // A view without marks (an older server) still says escalated.
    expect(boardMarks(en, { escalated: true, tier: 1 })).toEqual([{ kind: 'escalated', text: 'escalated' }]);
  });
});

describe('the raised level on the customer’s status page', () => {
  const raise = { fromLevel: 3 as const, toLevel: 2 as const, at: '2026-11-18T02:00:00Z' };
  it('says the latest raise with the time in the contract’s zone, in both languages', () => {
    expect(latestRaise({ levelRaises: [] })).toBeNull();
    const latest = latestRaise({ levelRaises: [raise, { ...raise, fromLevel: 2, toLevel: 1 }] });
    expect(latest?.toLevel).toBe(1);
    expect(raiseText(areaTranslator(intakeEn), raise, 'Asia/Shanghai', 'en', now)).toBe(
      'Raised from Level 3 (minor) to Level 2 (main) at Wed, Nov 18, 10:00 (GMT+8): the resolution deadline passed',
    );
    expect(raiseText(areaTranslator(intakeZhCN), raise, 'Asia/Shanghai', 'zh-CN', now)).toBe(
      '11月18日周三 10:00 (GMT+8) 超出解决时限，级别由三级（次要）提高为二级（主要）',
    );
    expect(raiseEntryText(areaTranslator(intakeEn), { fromLevel: 3, faultLevel: 2 })).toBe(
      'Resolution deadline missed: level raised from Level 3 (minor) to Level 2 (main)',
    );
    expect(raiseEntryText(areaTranslator(intakeEn), { faultLevel: 2 })).toBeNull();
  });
});

describe('field events on the desk timeline', () => {
  const phone = (type: string, data: Record<string, unknown>, extra: Partial<TicketEventView> = {}) =>
    event(type, data, {
      actor: { kind: 'staff', id: 'eng-1' },
      timing: {
        recordedAt: '2026-11-18T02:00:00Z',
        receivedAt: '2026-11-18T02:40:00Z',
        clockOffsetMs: null,
        corrected: false,
      },
      ...extra,
    });
  const position = { lat: 31.2, lon: 121.5, accuracyM: 12.4, fixedAt: '2026-11-18T01:59:50Z' };

  it('says a check-in within the radius with its distance and accuracy, and flags nothing', () => {
    const e = phone('checkedIn', { position, positionError: null, distanceM: 35, radiusM: 200, flag: 'ok' });
    const en = fieldEntry(words('en'), e);
    expect(en?.text).toBe('Checked in on site, 35 m from the site (check-in radius 200 m)');
    expect(en?.flag).toBeNull();
    expect(en?.details).toEqual([
      'GPS accuracy ±12 m',
      'Phone’s time Wed, Nov 18, 10:00 · received by the server Wed, Nov 18, 10:40',
    ]);
    const zh = fieldEntry(words('zh-CN'), e);
    expect(zh?.text).toBe('到场签到，距现场 35 米（签到半径 200 米）');
    expect(zh?.details[0]).toBe('GPS 精度 ±12 米');
    expect(zh?.details[1]).toMatch(/^手机时间 .*10:00 · 服务器收到 .*10:40$/);
  });

  it('flags a check-in beyond the radius, and one without a position with the reason, in words', () => {
    const beyond = phone('checkedIn', {
      position,
      positionError: null,
      distanceM: 1250,
      radiusM: 200,
      flag: 'beyondRadius',
    });
    expect(fieldEntry(words('en'), beyond)?.text).toBe(
      'Checked in on site, 1,250 m from the site (check-in radius 200 m)',
    );
    expect(fieldFlagText(words('en').t, beyond)).toBe('Beyond the site’s radius');
    expect(fieldFlagText(words('zh-CN').t, beyond)).toBe('超出现场签到半径');

    const denied = phone('checkedIn', {
      position: null,
      positionError: 'denied',
      distanceM: null,
      flag: 'noPosition',
    });
    expect(fieldText(words('en'), denied)).toBe('Checked in on site');
    expect(fieldFlagText(words('en').t, denied)).toBe('No GPS position (location permission denied)');
    expect(fieldFlagText(words('zh-CN').t, denied)).toBe('无 GPS 定位（定位权限被拒绝）');
    expect(fieldEntry(words('en'), denied)?.details).toHaveLength(1);

    const noSite = phone('checkedIn', { position, positionError: null, distanceM: null, flag: 'noPosition' });
    expect(fieldFlagText(words('en').t, noSite)).toBe('No GPS position (the site has no coordinates)');
    const silent = phone('checkedIn', {
      position: null,
      positionError: null,
      distanceM: null,
      flag: 'noPosition',
    });
    expect(fieldFlagText(words('zh-CN').t, silent)).toBe('无 GPS 定位（未说明原因）');
  });

  it('says a time corrected by the phone’s clock offset in seconds, fast or slow, and the clamps', () => {
    const fast = phone(
      'departed',
      { corrections: ['clockOffset'] },
      {
        timing: {
          recordedAt: '2026-11-18T02:05:00Z',
          receivedAt: '2026-11-18T02:10:00Z',
          clockOffsetMs: 300_400,
          corrected: true,
        },
      },
    );
    expect(correctionTexts(words('en').t, fast)).toEqual([
      'Time corrected by the phone’s clock offset (300 s fast)',
    ]);
    expect(correctionTexts(words('zh-CN').t, fast)).toEqual(['已按手机时钟偏差校正时间（手机快 300 秒）']);
    const slowAndCapped = phone(
      'workNote',
      { corrections: ['clockOffset', 'clampedToReceipt'], text: 'fan replaced' },
      {
        timing: {
          recordedAt: '2026-11-18T02:05:00Z',
          receivedAt: '2026-11-18T02:10:00Z',
          clockOffsetMs: -600_000,
          corrected: true,
        },
      },
    );
    expect(correctionTexts(words('en').t, slowAndCapped)).toEqual([
      'Time corrected by the phone’s clock offset (600 s slow)',
      'The phone’s time was after the server received it; the receipt time is used',
    ]);
    const raised = phone(
      'checkedIn',
      { corrections: ['clampedToAcceptance'], flag: 'ok', distanceM: 3, radiusM: 100, position },
      {
        timing: {
          recordedAt: '2026-11-18T01:00:00Z',
          receivedAt: '2026-11-18T02:10:00Z',
          clockOffsetMs: null,
          corrected: true,
        },
      },
    );
    expect(correctionTexts(words('zh-CN').t, raised)).toEqual(['手机时间早于受理时间，按受理时间记录']);
    // Not corrected: no correction line, whatever the list says.
    expect(correctionTexts(words('en').t, phone('departed', { corrections: [] }))).toEqual([]);
  });

  it('words notes, parts, standby units and a repair in both languages', () => {
    const cases: [TicketEventView, string, string][] = [
      [phone('workNote', { text: 'fan replaced' }), 'Note: fan replaced', '工作记录：fan replaced'],
      [
        phone('partReplaced', { description: 'PSU', serialOut: 'OLD-1', serialIn: 'NEW-2' }),
        'Part replaced: PSU, serial OLD-1 → NEW-2',
        '更换部件：PSU，序列号 OLD-1 → NEW-2',
      ],
      [
        phone('standbyLent', { description: 'switch', serial: 'SB-9' }),
        'Standby unit lent: switch, serial SB-9',
        '借出备机：switch，序列号 SB-9',
      ],
      [phone('resolved', { note: 'reseated' }), 'Fault repaired: reseated', '故障已修复：reseated'],
      [phone('resolved', {}), 'Fault repaired', '故障已修复'],
      [phone('engineerAccepted', {}), 'Engineer accepted the ticket', '工程师已接单'],
    ];
    for (const [e, en, zh] of cases) {
      expect(fieldText(words('en'), e)).toBe(en);
      expect(fieldText(words('zh-CN'), e)).toBe(zh);
    }
  });

  it('says how the customer confirmed, naming the signer and the signature to show', () => {
    const signed = phone('customerConfirmed', {
      method: 'signature',
      signerName: '王经理',
      signatureId: '7c1e4f0a-0000-4000-8000-000000000001',
    });
    const en = fieldEntry(words('en'), signed);
    expect(en?.text).toBe('Customer confirmed the repair by signature: 王经理');
    expect(en?.signature).toEqual({
      signatureId: '7c1e4f0a-0000-4000-8000-000000000001',
      signerName: '王经理',
    });
    expect(words('en').t('field.signature.alt', { name: '王经理' })).toBe('Signature of 王经理');
    expect(fieldText(words('zh-CN'), signed)).toBe('客户签字确认修复：王经理');
    const code = phone('customerConfirmed', { method: 'code' });
    expect(fieldEntry(words('en'), code)?.signature).toBeNull();
    expect(fieldText(words('zh-CN'), code)).toBe('客户以确认码确认修复');
    const link = event('customerConfirmed', {}, { actor: { kind: 'link', id: 'l1' } });
    expect(fieldText(words('en'), link)).toBe('Customer confirmed the repair on the status page');
    expect(fieldEntry(words('en'), link)?.details).toEqual([]);
  });

  it('flags a check-out without the customer’s confirmation with the engineer’s reason', () => {
    const flagged = phone('checkedOut', { flagged: true }, { reason: 'customer left before signing' });
    expect(fieldText(words('en'), flagged)).toBe('Checked out');
    expect(fieldFlagText(words('en').t, flagged)).toBe(
      'Without customer confirmation: customer left before signing',
    );
    expect(fieldFlagText(words('zh-CN').t, flagged)).toBe('未经客户确认：customer left before signing');
    expect(fieldFlagText(words('en').t, phone('checkedOut', { flagged: false }))).toBeNull();
  });

  it('leaves the desk’s own events and the timers’ firings to their own wording', () => {
    expect(isFieldEvent(escalation)).toBe(false);
    expect(fieldEntry(words('en'), escalation)).toBeNull();
    expect(fieldEntry(words('en'), event('paused', {}))).toBeNull();
    expect(isFieldEvent(event('checkedIn', {}))).toBe(true);
  });
});
