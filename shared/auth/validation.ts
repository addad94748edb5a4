/**
 * Turns a schema's first failure into the field at fault and a reason in the caller's language,
 * so every 400 of the API names what to fix.
 */
import type * as z from 'zod';
// One locale module each, not the `locales` namespace: that would bundle every language zod ships.
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { CustomReason } from './schemas.ts';

export type Lang = 'zh-CN' | 'en';

const CUSTOM_REASONS: Record<CustomReason, Record<Lang, string>> = {
  phone: { 'zh-CN': '不是有效的手机号码', en: 'not a valid phone number' },
  code: { 'zh-CN': '验证码应为 6 位数字', en: 'the code is 6 digits' },
  token: { 'zh-CN': '令牌格式不正确', en: 'not a token of ours' },
};

const LOCALES = { 'zh-CN': zhCN(), en: en() } satisfies Record<Lang, unknown>;

export type Validated<T> = { ok: true; data: T } | { ok: false; field: string; message: string };

export function validate<S extends z.ZodType>(schema: S, input: unknown, lang: Lang): Validated<z.output<S>> {
  const locale = LOCALES[lang];
  const result = schema.safeParse(input, {
    error: (issue) => {
      const reason = (issue as { params?: { reason?: CustomReason } }).params?.reason;
      if (issue.code === 'custom' && reason !== undefined && reason in CUSTOM_REASONS) {
        return CUSTOM_REASONS[reason][lang];
      }
      return locale.localeError(issue);
    },
  });
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, field: 'body', message: 'body' };
  const field = fieldOf(issue);
  const separator = lang === 'en' ? ': ' : ':';
  return { ok: false, field, message: `${field}${separator}${issue.message}` };
}

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return [...issue.path, issue.keys[0]].map(String).join('.');
  }
  return issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
}
