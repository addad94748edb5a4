import { en } from './en';
import { type MessageKey, type Messages, zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

/** In the order the language switch shows them; the first is the product's default. */
export const locales: readonly Locale[] = ['zh-CN', 'en'];

export const catalogues: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en };

/** Each language's own name, shown in the switch whatever the current language is. */
export const localeNames: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Picks the first of the browser's preferred languages that we have: any Chinese tag (zh, zh-CN, zh-TW,
 * zh-Hans-CN…) gets Simplified Chinese, any English tag English; no match falls back to English.
 */
export function detectLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Fills `{name}` placeholders; an unknown placeholder is left visible rather than dropped. */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => formatMessage(messages[key], params);
}
