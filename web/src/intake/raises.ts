/**
 * The automatic raises of a ticket's fault level (a missed resolution deadline) in the customer's
 * words. Pure: translations, zone and `now` come in as parameters.
 */
import type { PublicLevelRaise, StatusView } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import type { AreaTranslate } from './catalogue';
import type { IntakeKey } from './i18n.zh-CN';
import { levelName } from './terms';
import { formatInstant } from './time';

type T = AreaTranslate<IntakeKey>;

/** The latest raise, or null when the level was never raised automatically. */
export function latestRaise(view: Pick<StatusView, 'levelRaises'>): PublicLevelRaise | null {
  return view.levelRaises.at(-1) ?? null;
}

/** "Raised from Level 3 (minor) to Level 2 (main) at …" in the contract's zone. */
export function raiseText(
  t: T,
  raise: PublicLevelRaise,
  timeZone: string,
  locale: Locale,
  now: number,
): string {
  return t('status.raisedFrom', {
    from: levelName(t, raise.fromLevel),
    to: levelName(t, raise.toLevel),
    time: formatInstant(raise.at, timeZone, locale, now),
  });
}

/** A timeline entry of a raise: from which level to which. */
export function raiseEntryText(t: T, entry: { fromLevel?: number; faultLevel?: number }): string | null {
  if (entry.fromLevel === undefined || entry.faultLevel === undefined) return null;
  return t('event.raised', { from: levelName(t, entry.fromLevel), to: levelName(t, entry.faultLevel) });
}
