import type { Locale } from '../i18n/locale';
import type { DueStatus } from './terms';
import { formatCountdown, formatInstant, urgencyOf } from './time';

export interface DueWords {
  left: (time: string) => string;
  overdue: (time: string) => string;
  met: string;
  none: string;
  paused: string;
}

/**
 * A deadline in the contract's zone with its live countdown. `now` comes from the page's one shared
 * clock; the countdown is not a live region (it would speak every second).
 */
export function Due({
  status,
  now,
  timeZone,
  locale,
  words,
  testId,
}: {
  status: DueStatus;
  now: number;
  timeZone: string;
  locale: Locale;
  words: DueWords;
  testId?: string;
}) {
  if (status.kind === 'none' || status.kind === 'met') {
    return (
      <span class="due due--quiet" data-testid={testId} data-due={status.kind}>
        {status.kind === 'met' ? words.met : words.none}
      </span>
    );
  }
  const due = Date.parse(status.dueAt);
  const urgency = status.kind === 'paused' ? 'paused' : (urgencyOf(status.dueAt, now) ?? 'ok');
  const countdown = formatCountdown(due - now, locale);
  return (
    <span class={`due due--${urgency}`} data-testid={testId} data-due={urgency}>
      <time class="due-at" dateTime={status.dueAt}>
        {formatInstant(status.dueAt, timeZone, locale, now)}
      </time>
      <span class="due-countdown">
        {status.kind === 'paused'
          ? words.paused
          : urgency === 'overdue'
            ? words.overdue(countdown)
            : words.left(countdown)}
      </span>
    </span>
  );
}
