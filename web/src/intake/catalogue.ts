/**
 * Catalogues of one area of the app (intake, desk) on top of the app's language choice: the area keeps
 * its own zh-CN and en messages, typed against each other, and follows the language the person picked.
 */
import { useMemo } from 'preact/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { formatMessage, type Locale, type MessageParams } from '../i18n/locale';

export type AreaTranslate<K extends string> = (key: K, params?: MessageParams) => string;

export function areaTranslator<K extends string>(messages: Readonly<Record<K, string>>): AreaTranslate<K> {
  return (key, params) => formatMessage(messages[key], params);
}

/** `t` for the area's own keys in the current language, with the locale itself. */
export function useCatalogue<K extends string>(
  zh: Readonly<Record<K, string>>,
  en: Readonly<Record<K, string>>,
): { t: AreaTranslate<K>; locale: Locale } {
  const { locale } = useI18n();
  const t = useMemo(() => areaTranslator(locale === 'en' ? en : zh), [locale, zh, en]);
  return { t, locale };
}
