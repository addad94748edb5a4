/**
 * The one way an audience's HTTP API is built. The same Hono app runs behind API Gateway (through
 * hono/aws-lambda in the audience's handler module) and on the local server, so the local stack
 * exercises the code that is deployed.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { STRICT_TRANSPORT_SECURITY } from '../../shared/api/security-headers.ts';
import { AppError, type ErrorCode } from './errors.ts';

/** Requests larger than this are refused before anything reads them. */
export const MAX_BODY_BYTES = 64 * 1024;

type Lang = 'zh-CN' | 'en';

const GENERIC_MESSAGES: Record<ErrorCode | 'internal', Record<Lang, string>> = {
  bad_request: { 'zh-CN': '请求内容有误', en: 'The request is not valid' },
  unauthorized: { 'zh-CN': '请先登录', en: 'Please sign in' },
  forbidden: { 'zh-CN': '无权执行此操作', en: 'You may not do this' },
  not_found: { 'zh-CN': '未找到', en: 'Not found' },
  conflict: { 'zh-CN': '数据已被他人修改,请刷新后重试', en: 'Changed by someone else; reload and try again' },
  payload_too_large: { 'zh-CN': '请求内容过大(上限 64 KB)', en: 'The request is too large (64 KB at most)' },
  rate_limited: { 'zh-CN': '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  not_implemented: { 'zh-CN': '此功能尚未开放', en: 'This is not available yet' },
  internal: { 'zh-CN': '服务暂时出错,请稍后再试', en: 'Something went wrong on our side; try again later' },
};

/** The caller's language from Accept-Language: Chinese first, English otherwise. */
export function callerLanguage(acceptLanguage: string | undefined): Lang {
  if (acceptLanguage === undefined) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function genericMessage(code: ErrorCode | 'internal', lang: Lang): string {
  return GENERIC_MESSAGES[code][lang];
}

export function createApi(): Hono {
  const app = new Hono();

  // Scoped to /api so that, mounted beside the PWA on the local server, these never touch pages.
  app.use('/api/*', async (c, next) => {
    await next();
    // API answers may carry names, phone numbers and addresses: no cache may keep them.
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    // Behind API Gateway the request is https; the local server speaks plain http and sends no HSTS.
    if (new URL(c.req.url).protocol === 'https:')
      c.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', 'body over 64 KB');
      },
    }),
  );

  app.notFound((c) => {
    const lang = callerLanguage(c.req.header('accept-language'));
    return c.json({ error: { code: 'not_found', message: genericMessage('not_found', lang) } }, 404);
  });

  app.onError((err, c) => {
    const lang = callerLanguage(c.req.header('accept-language'));
    if (err instanceof AppError) {
      const message = err.code === 'bad_request' ? err.message : genericMessage(err.code, lang);
      return c.json(
        { error: { code: err.code, message, ...(err.field === undefined ? {} : { field: err.field }) } },
        err.status,
      );
    }
    if (err instanceof HTTPException) return err.getResponse();
    // A fault of ours: the stack goes to the log, never to the caller.
    console.error(
      JSON.stringify({ level: 'error', msg: 'unhandled', path: c.req.path, error: String(err.stack) }),
    );
    return c.json({ error: { code: 'internal', message: genericMessage('internal', lang) } }, 500);
  });

  return app;
}

/** Routes an audience will have but does not have yet: an honest 501, not a 404 or a fake answer. */
export function notYetBuilt(app: Hono, pattern: string): void {
  app.all(pattern, () => {
    throw new AppError('not_implemented', 'not built yet');
  });
}
