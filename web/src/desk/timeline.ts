/**
 * The timers' entries of a ticket's timeline in words: warnings, escalations (levels, tier, the missed
 * target in the contract's zone), arrival and report alerts, void firings, and each SMS with its
 * recipient, status and attempts. Pure: translations, zone and `now` come in as parameters.
 */
import type { TicketEventView, TicketNotificationView } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import type { AreaTranslate } from '../intake/catalogue';
import type { IntakeKey } from '../intake/i18n.zh-CN';
import { levelName } from '../intake/terms';
import { formatInstant } from '../intake/time';
import { type DeskKey, deskZhCN } from './i18n.zh-CN';

export interface TimelineWords {
  t: AreaTranslate<DeskKey>;
  it: AreaTranslate<IntakeKey>;
  locale: Locale;
  /** The contract's zone: every time is shown in it. */
  timeZone: string;
  now: number;
}

export const FIRING_EVENT_TYPES = [
  'escalated',
  'arrivalWarning',
  'arrivalMissed',
  'resolutionWarning',
  'reportWarning',
  'reportMissed',
] as const;

export const isFiring = (event: Pick<TicketEventView, 'type'>) =>
  (FIRING_EVENT_TYPES as readonly string[]).includes(event.type);

const hasKey = (key: string): key is DeskKey => key in deskZhCN;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

function at(w: TimelineWords, iso: string): string {
  return formatInstant(iso, w.timeZone, w.locale, w.now);
}

/** The line of a timer firing, or null for any other event. */
export function firingText(w: TimelineWords, event: TicketEventView): string | null {
  const { t, it } = w;
  const d = event.data;
  const tier = num(d.tier) ?? 1;
  switch (event.type) {
    case 'escalated': {
      const from = num(d.fromLevel);
      const to = num(d.toLevel) ?? num(d.faultLevel);
      if (from === undefined || to === undefined) return null;
      const params = { from: levelName(it, from), to: levelName(it, to), tier };
      if (from === to) return t('firing.escalated.repeat', params);
      return t(d.cause === 'triage' ? 'firing.escalated.triage' : 'firing.escalated', params);
    }
    case 'arrivalWarning': {
      const due = str(record(record(d.notification).detail).dueAt);
      return due === undefined
        ? t('firing.arrivalWarning.noDue', { tier })
        : t('firing.arrivalWarning', { due: at(w, due), tier });
    }
    case 'resolutionWarning': {
      const level = num(d.level);
      return level === undefined
        ? t('firing.resolutionWarning.noLevel', { tier })
        : t('firing.resolutionWarning', { level: levelName(it, level), tier });
    }
    case 'arrivalMissed':
    case 'reportWarning':
    case 'reportMissed':
      return t(`firing.${event.type}`, { tier });
    default:
      return null;
  }
}

/** An escalation's missed target: the level whose resolution target passed, and when, in the zone. */
export function missedTargetText(w: TimelineWords, event: TicketEventView): string | null {
  if (event.type !== 'escalated') return null;
  const target = record(event.data.missedTarget);
  const level = num(target.level);
  const due = str(target.dueAt);
  if (level === undefined || due === undefined) return null;
  return w.t('firing.missedTarget', { level: levelName(w.it, level), due: at(w, due) });
}

/** "void: why" for a firing the SLA engine no longer counts, or null. */
export function voidText(t: AreaTranslate<DeskKey>, event: TicketEventView): string | null {
  if (event.void === undefined) return null;
  const key = `firing.void.${event.void.reason}`;
  return t('firing.void', { reason: hasKey(key) ? t(key) : event.void.reason });
}

/** The SMS of one firing, in the order they were made. */
export function smsOfFiring(
  notifications: readonly TicketNotificationView[],
  event: TicketEventView,
): TicketNotificationView[] {
  const firing = str(event.data.firing);
  return firing === undefined ? [] : notifications.filter((n) => n.firing === firing);
}

/** Who an SMS went to: name (or that they are gone), the masked phone, the tier. */
export function smsRecipientText(t: AreaTranslate<DeskKey>, n: TicketNotificationView): string {
  return t('sms.to', { name: n.recipient.name ?? t('sms.nameGone'), phone: n.recipient.phone, tier: n.tier });
}

export function smsStatusText(t: AreaTranslate<DeskKey>, status: string): string {
  const key = `sms.status.${status}`;
  return hasKey(key) ? t(key) : status;
}

export function smsTemplateText(t: AreaTranslate<DeskKey>, template: string): string {
  const key = `sms.template.${template}`;
  return hasKey(key) ? t(key) : template;
}

/** Template, status, attempts, the last change, and the provider's id or error. */
export function smsDetailText(w: TimelineWords, n: TicketNotificationView): string {
  const { t } = w;
  const parts = [
    t('sms.detail', {
      template: smsTemplateText(t, n.template),
      status: smsStatusText(t, n.status),
      attempts: n.attempts,
      time: formatInstant(n.at, w.timeZone, w.locale, w.now, { zone: false }),
    }),
  ];
  if (n.providerMessageId !== null) parts.push(t('sms.provider', { id: n.providerMessageId }));
  if (n.error !== null) parts.push(t('sms.error', { error: n.error }));
  if (n.status === 'undelivered') {
    parts.push(
      n.fallbackTier !== null && n.fallbackTier > 0
        ? t('sms.undelivered.fallback', { tier: n.fallbackTier })
        : t('sms.undelivered.none'),
    );
  } else if (n.nextAttemptAt !== null && n.status !== 'sent') {
    parts.push(
      t('sms.nextAttempt', {
        time: formatInstant(n.nextAttemptAt, w.timeZone, w.locale, w.now, { zone: false }),
      }),
    );
  }
  if (n.standsIn) parts.push(t('sms.standsIn'));
  return parts.join(' · ');
}
