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

// ── Field events: what the engineer recorded on the phone ───────────────────────────────────────────

export const FIELD_EVENT_TYPES = [
  'engineerAccepted',
  'departed',
  'checkedIn',
  'workNote',
  'partReplaced',
  'standbyLent',
  'resolved',
  'customerConfirmed',
  'checkedOut',
] as const;

export const isFieldEvent = (event: Pick<TicketEventView, 'type'>) =>
  (FIELD_EVENT_TYPES as readonly string[]).includes(event.type);

/** A customer signature an event names, to be shown from `GET /api/desk/tickets/:id/signatures`. */
export interface SignatureRef {
  signatureId: string;
  signerName: string;
}

/**
 * One field event in words: the line itself, a flag to show as text (never colour alone), the details
 * under it (GPS accuracy, the phone's time against the server's receipt, how the time was corrected),
 * and the signature it names.
 */
export interface FieldEntry {
  text: string;
  flag: string | null;
  details: string[];
  signature: SignatureRef | null;
}

const metres = (locale: Locale, m: number) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(m));

/** Why a check-in has no position: the phone's error, a site without coordinates, or nothing said. */
function noPositionReason(t: AreaTranslate<DeskKey>, d: Record<string, unknown>): string {
  const error = str(d.positionError);
  if (error !== undefined) {
    const key = `field.noPosition.${error}`;
    return hasKey(key) ? t(key) : error;
  }
  if (d.position !== null && d.position !== undefined) return t('field.noPosition.noSite');
  return t('field.noPosition.unknown');
}

/** The main line of a field event, or null for any other event. */
export function fieldText(w: TimelineWords, event: TicketEventView): string | null {
  const { t, locale } = w;
  const d = event.data;
  switch (event.type) {
    case 'engineerAccepted':
    case 'departed':
      return t(`field.${event.type}`);
    case 'checkedIn': {
      const distance = num(d.distanceM);
      const radius = num(d.radiusM);
      if (distance === undefined) return t('field.checkedIn.noDistance');
      return radius === undefined
        ? t('field.checkedIn.noRadius', { distance: metres(locale, distance) })
        : t('field.checkedIn', { distance: metres(locale, distance), radius: metres(locale, radius) });
    }
    case 'workNote':
      return t('field.workNote', { text: str(d.text) ?? '' });
    case 'partReplaced':
      return t('field.partReplaced', {
        description: str(d.description) ?? '',
        out: str(d.serialOut) ?? '',
        in: str(d.serialIn) ?? '',
      });
    case 'standbyLent':
      return t('field.standbyLent', { description: str(d.description) ?? '', serial: str(d.serial) ?? '' });
    case 'resolved': {
      const note = str(d.note);
      return note === undefined ? t('field.resolved') : t('field.resolved.note', { note });
    }
    case 'customerConfirmed': {
      if (d.method === 'signature') return t('field.confirmed.signature', { name: str(d.signerName) ?? '' });
      if (d.method === 'code') return t('field.confirmed.code');
      return t('field.confirmed.link');
    }
    case 'checkedOut':
      return t('field.checkedOut');
    default:
      return null;
  }
}

/**
 * The flag of a field event as text: a check-in beyond the site's radius or without a GPS position (and
 * why), a check-out without the customer's confirmation (and the engineer's reason). Null when none.
 */
export function fieldFlagText(t: AreaTranslate<DeskKey>, event: TicketEventView): string | null {
  const d = event.data;
  if (event.type === 'checkedIn') {
    if (d.flag === 'beyondRadius') return t('field.flag.beyondRadius');
    if (d.flag === 'noPosition') return t('field.flag.noPosition', { reason: noPositionReason(t, d) });
    return null;
  }
  if (event.type === 'checkedOut' && d.flagged === true) {
    return t('field.flag.withoutConfirmation', { reason: event.reason ?? t('field.noPosition.unknown') });
  }
  return null;
}

/** The fix's accuracy of a check-in with a position, or null. */
export function accuracyText(w: TimelineWords, event: TicketEventView): string | null {
  if (event.type !== 'checkedIn') return null;
  const accuracy = num(record(event.data.position).accuracyM);
  return accuracy === undefined ? null : w.t('field.accuracy', { accuracy: metres(w.locale, accuracy) });
}

/** The phone's own time against the server's receipt, for an event the phone recorded; null otherwise. */
export function fieldTimeText(w: TimelineWords, event: TicketEventView): string | null {
  if (event.timing === undefined) return null;
  const when = (iso: string) => formatInstant(iso, w.timeZone, w.locale, w.now, { zone: false });
  return w.t('field.time', {
    recorded: when(event.timing.recordedAt),
    received: when(event.timing.receivedAt),
  });
}

/**
 * How the server corrected the phone's time (shared/field/time.ts), one line per correction: by the
 * clock offset measured at the phone's last sync (in whole seconds, fast or slow), capped at the
 * receipt, raised to the acceptance. Empty when the time was used as the phone gave it.
 */
export function correctionTexts(t: AreaTranslate<DeskKey>, event: TicketEventView): string[] {
  if (event.timing === undefined || !event.timing.corrected) return [];
  const listed = Array.isArray(event.data.corrections) ? (event.data.corrections as unknown[]) : [];
  const out: string[] = [];
  for (const c of listed) {
    if (c === 'clockOffset') {
      const ms = event.timing.clockOffsetMs ?? 0;
      const seconds = Math.round(Math.abs(ms) / 1000);
      out.push(
        t(ms >= 0 ? 'field.corrected.clockOffset.ahead' : 'field.corrected.clockOffset.behind', { seconds }),
      );
    } else if (c === 'clampedToReceipt' || c === 'clampedToAcceptance') {
      out.push(t(`field.corrected.${c}`));
    }
  }
  return out;
}

/** A field event in words, or null for any other event. */
export function fieldEntry(w: TimelineWords, event: TicketEventView): FieldEntry | null {
  const text = fieldText(w, event);
  if (text === null) return null;
  const details: string[] = [];
  const accuracy = accuracyText(w, event);
  if (accuracy !== null) details.push(accuracy);
  const time = fieldTimeText(w, event);
  if (time !== null) details.push(time);
  details.push(...correctionTexts(w.t, event));
  const signatureId = str(event.data.signatureId);
  return {
    text,
    flag: fieldFlagText(w.t, event),
    details,
    signature:
      event.data.method === 'signature' && signatureId !== undefined
        ? { signatureId, signerName: str(event.data.signerName) ?? '' }
        : null,
  };
}
