/**
 * Reading a request: the body and query through a schema from shared/, and the caller's address.
 * Bad input is always a 400 naming the field and the reason in the caller's language.
 */
import type { Context } from 'hono';
import type * as z from 'zod';
import { validate } from '../../shared/auth/validation.ts';
import { callerLanguage } from '../lib/api.ts';
import { AppError } from '../lib/errors.ts';

const NOT_JSON = { 'zh-CN': 'body:请求内容不是有效的 JSON', en: 'body: not valid JSON' } as const;

export function languageOf(c: Context) {
  return callerLanguage(c.req.header('accept-language'));
}

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const lang = languageOf(c);
  const text = await c.req.text();
  let input: unknown;
  try {
    input = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new AppError('bad_request', NOT_JSON[lang], 'body');
  }
  return checked(schema, input, lang);
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return checked(schema, c.req.query(), languageOf(c));
}

function checked<S extends z.ZodType>(schema: S, input: unknown, lang: 'zh-CN' | 'en'): z.output<S> {
  const result = validate(schema, input, lang);
  if (!result.ok) throw new AppError('bad_request', result.message, result.field);
  return result.data;
}

interface LambdaRequestContext {
  /** HTTP API (payload 2.0). */
  http?: { sourceIp?: string };
  /** REST API (payload 1.0). */
  identity?: { sourceIp?: string };
}

/**
 * The caller's IP address for rate limits. Behind API Gateway it is the request context's sourceIp,
 * which API Gateway sets from the TCP connection; an X-Forwarded-For header there is the client's to
 * write, so it is ignored. Without a Lambda context (the local server) X-Forwarded-For's first entry
 * is used if present, else one shared bucket.
 */
export function clientIp(c: Context): string {
  const env = c.env as { requestContext?: LambdaRequestContext } | undefined;
  const context = env?.requestContext;
  if (context !== undefined) {
    return context.http?.sourceIp ?? context.identity?.sourceIp ?? 'unknown';
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded !== undefined && forwarded !== '' ? forwarded.slice(0, 64) : 'local';
}
