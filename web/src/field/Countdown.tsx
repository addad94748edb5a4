import type { Locale } from '../i18n/locale';
import type { DueStatus } from '../intake/terms';
import { formatCountdown, urgencyOf } from '../intake/time';
import { secondsLeft } from '../state/countdown';
import type { FT } from './catalogue';

/** One SLA clock with its live countdown (the page's shared one-second tick passes `now`). */
export function Countdown({
  label,
  status,
  now,
  t,
  locale,
  testId,
}: {
  label: string;
  status: DueStatus;
  now: number;
  t: FT;
  locale: Locale;
  testId?: string;
}) {
  let text: string;
  let urgency = 'quiet';
  if (status.kind === 'none') text = t('tickets.noDeadline');
  else if (status.kind === 'met') text = t('tickets.met');
  else if (status.kind === 'paused') text = t('tickets.paused');
  else {
    const due = Date.parse(status.dueAt);
    const left = secondsLeft(due, now);
    urgency = urgencyOf(status.dueAt, now) ?? 'ok';
    text =
      left > 0
        ? t('tickets.left', { time: formatCountdown(left * 1000, locale) })
        : t('tickets.overdue', { time: formatCountdown(now - due, locale) });
  }
  return (
    <span class={`clock clock--${urgency}`} data-testid={testId} data-due={urgency}>
      <span class="clock-label">{label}</span> <span class="clock-time">{text}</span>
    </span>
  );
}
