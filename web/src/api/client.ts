// The one place the web app calls fetch. Every failure becomes an ApiError with a kind the UI can
// tell apart: no connection at all, an HTTP error status, or an answer that is not what we expect.

export type ApiErrorKind = 'network' | 'http' | 'invalid' | 'aborted';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
    /** The parsed JSON body of an error answer, if it had one. */
    readonly body?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Give up after this long and report a network error; default 10 s. */
  timeoutMs?: number;
  /** The UI's language, so that error messages written by the server match the screen. */
  lang?: string;
}

export interface SendOptions extends RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of `body`, with its own content type (a CSV upload). */
  text?: { content: string; contentType: string };
  headers?: Record<string, string>;
}

const apiBase = '/api';

/** The `{ error: { code, message, field? } }` body of an API error answer, when it has one. */
export function errorOf(error: unknown): { code?: string; message?: string; field?: string } {
  if (!(error instanceof ApiError) || typeof error.body !== 'object' || error.body === null) return {};
  const inner = (error.body as { error?: unknown }).error;
  if (typeof inner !== 'object' || inner === null) return {};
  const { code, message, field } = inner as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof field === 'string' ? { field } : {}),
  };
}

async function send(
  path: string,
  options: SendOptions,
  read: (response: Response) => Promise<unknown> = readJson,
): Promise<{ response: Response; body: unknown }> {
  const { signal, timeoutMs = 10_000, method = 'GET' } = options;
  // One controller for both the caller's signal and the timeout: AbortSignal.any is too recent for the
  // older iPhones engineers carry.
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.lang !== undefined) headers['accept-language'] = options.lang;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.text !== undefined) headers['content-type'] = options.text.contentType;
  let response: Response;
  try {
    if (signal?.aborted) abort();
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.text === undefined ? {} : { body: options.text.content }),
      // Health and live data must never come from the HTTP cache.
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    if (signal?.aborted)
      throw new ApiError('aborted', 'request aborted', undefined, undefined, { cause: error });
    // fetch rejects with a TypeError for offline, DNS, refused connections and CORS alike; a timeout
    // is the same thing to the user.
    throw new ApiError('network', `${method} ${path} failed: no answer`, undefined, undefined, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }

  // An error answer is JSON whatever the route writes on success.
  const body = response.ok ? await read(response) : await readJson(response);
  if (!response.ok) {
    throw new ApiError('http', `${method} ${path} → HTTP ${response.status}`, response.status, body);
  }
  return { response, body };
}

/**
 * Sends a request under /api and checks the JSON answer's shape with `parse`, which throws on anything
 * unexpected. A non-2xx answer throws ApiError('http') carrying the status and the JSON body, if any.
 */
export async function requestJson<T>(
  path: string,
  parse: (body: unknown) => T,
  options: SendOptions = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const { response, body } = await send(path, options);
  if (body === undefined) throw new ApiError('invalid', `${method} ${path}: not JSON`, response.status);
  try {
    return parse(body);
  } catch (error) {
    throw new ApiError('invalid', `${method} ${path}: unexpected answer`, response.status, body, {
      cause: error,
    });
  }
}

/** A request whose answer has no body worth reading (204 and the like). */
export async function requestNoContent(path: string, options: SendOptions = {}): Promise<void> {
  await send(path, options);
}

/** GET a JSON resource under /api; see requestJson. */
export function getJson<T>(path: string, parse: (body: unknown) => T, options: RequestOptions = {}) {
  return requestJson(path, parse, options);
}

/** A request whose answer is text (a CSV export); an error answer throws as requestJson does. */
export async function requestText(path: string, options: SendOptions = {}): Promise<string> {
  const { body } = await send(path, options, (response) => response.text());
  return body as string;
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * Where staff requests get their access token. The session store (state/session.ts) is the one
 * implementation; the client only knows this interface, so it never reads storage itself.
 */
export interface TokenSource {
  /** The token to send now (renewed first if it is about to expire and we are online), or null. */
  current(): Promise<string | null>;
  /**
   * The server refused `refused`: a new token, shared by every request that saw the same refusal, or
   * null when the session is over. Rejects with the refresh's ApiError when it could not be asked.
   */
  renew(refused: string): Promise<string | null>;
}

let tokenSource: TokenSource | null = null;

/** Called once by the session store when the app starts. */
export function setTokenSource(source: TokenSource | null): void {
  tokenSource = source;
}

const notSignedIn = () =>
  new ApiError('http', 'not signed in', 401, { error: { code: 'unauthorized', message: 'not signed in' } });

/**
 * A staff API request with `Authorization: Bearer`. A 401 gets one retry with a renewed token; if the
 * session cannot be renewed the 401 is thrown, and the session store has already signed out.
 */
export async function authJson<T>(
  path: string,
  parse: (body: unknown) => T,
  options: SendOptions = {},
  source: TokenSource | null = tokenSource,
): Promise<T> {
  return withBearer((sent) => requestJson(path, parse, sent), options, source);
}

/** A staff request whose answer is text (a CSV export), with authJson's credentials and retry. */
export function authText(
  path: string,
  options: SendOptions = {},
  source: TokenSource | null = tokenSource,
): Promise<string> {
  return withBearer((sent) => requestText(path, sent), options, source);
}

async function withBearer<T>(
  run: (options: SendOptions) => Promise<T>,
  options: SendOptions,
  source: TokenSource | null,
): Promise<T> {
  if (source === null) throw notSignedIn();
  const token = await source.current();
  if (token === null) throw notSignedIn();
  const withToken = (value: string): SendOptions => ({
    ...options,
    headers: { ...options.headers, authorization: `Bearer ${value}` },
  });
  try {
    return await run(withToken(token));
  } catch (error) {
    if (!(error instanceof ApiError && error.kind === 'http' && error.status === 401)) throw error;
    const renewed = await source.renew(token);
    if (renewed === null) throw error;
    return run(withToken(renewed));
  }
}
