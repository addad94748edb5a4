import { describe, expect, it } from 'vitest';
import { en } from './en';
import { detectLocale, formatMessage, translator } from './locale';
import { zhCN } from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('have no empty or blank message', () => {
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(zhCN)) {
      expect(placeholders(en[key as keyof typeof zhCN]), key).toEqual(placeholders(text));
    }
  });
});

describe('detectLocale', () => {
  it.each([['zh-TW'], ['zh-Hans-CN'], ['zh'], ['zh-CN'], ['ZH_cn']])(
    'picks Simplified Chinese for %s',
    (tag) => {
      expect(detectLocale([tag])).toBe('zh-CN');
    },
  );

  it.each([['en-US'], ['en'], ['fr-FR'], ['ja']])('picks English for %s', (tag) => {
    expect(detectLocale([tag])).toBe('en');
  });

  it('falls back to English when the browser names no language', () => {
    expect(detectLocale([])).toBe('en');
  });

  it('follows the first preferred language we have', () => {
    expect(detectLocale(['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en');
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('版本 {version} · {missing}', { version: '0.1.0' })).toBe('版本 0.1.0 · {missing}');
  });

  it('gives the health line in both languages', () => {
    expect(translator('zh-CN')('health.ok', { version: '0.1.0' })).toBe('服务正常 · 版本 0.1.0');
    expect(translator('en')('health.ok', { version: '0.1.0' })).toBe('Service OK · version 0.1.0');
  });
});
