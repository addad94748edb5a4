/**
 * An area's own messages (audit trail, roster) in the language the person picked: zh-CN and en
 * catalogues typed against each other, `t` for their keys, and `has` for keys built from data
 * (an action or field name the catalogue may not know yet).
 */
import { useMemo } from 'preact/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { formatMessage, type Locale, type MessageParams } from '../i18n/locale';

export interface AreaCatalogue<K extends string> {
  t: (key: K, params?: MessageParams) => string;
  has: (key: string) => key is K;
  locale: Locale;
}

export function areaCatalogue<K extends string>(
  messages: Readonly<Record<K, string>>,
  locale: Locale,
): AreaCatalogue<K> {
  return {
    t: (key, params) => formatMessage(messages[key], params),
    has: (key): key is K => Object.hasOwn(messages, key),
    locale,
  };
}

export function useAreaCatalogue<K extends string>(
  zh: Readonly<Record<K, string>>,
  en: Readonly<Record<K, string>>,
): AreaCatalogue<K> {
  const { locale } = useI18n();
  return useMemo(() => areaCatalogue(locale === 'en' ? en : zh, locale), [locale, zh, en]);
}
