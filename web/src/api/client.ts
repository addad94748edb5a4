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
}

const apiBase = '/api';

/**
 * GET a JSON resource under /api and check its shape with `parse`, which throws on anything unexpected.
 * A non-2xx answer throws ApiError('http') carrying the status and the JSON body, if any.
 */
export async function getJson<T>(path: string, parse: (body: unknown) => T, options: RequestOptions = {}) {
  const { signal, timeoutMs = 10_000 } = options;
  // One controller for both the caller's signal and the timeout: AbortSignal.any is too recent for the
  // older iPhones engineers carry.
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeoutMs);
  let response: Response;
  try {
    if (signal?.aborted) abort();
    response = await fetch(`${apiBase}${path}`, {
      headers: { accept: 'application/json' },
      // Health and live data must never come from the HTTP cache.
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    if (signal?.aborted)
      throw new ApiError('aborted', 'request aborted', undefined, undefined, { cause: error });
    // fetch rejects with a TypeError for offline, DNS, refused connections and CORS alike; a timeout
    // is the same thing to the user.
    throw new ApiError('network', `GET ${path} failed: no answer`, undefined, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }

  const body = await readJson(response);
  if (!response.ok) {
    throw new ApiError('http', `GET ${path} → HTTP ${response.status}`, response.status, body);
  }
  if (body === undefined) throw new ApiError('invalid', `GET ${path}: not JSON`, response.status);
  try {
    return parse(body);
  } catch (error) {
    throw new ApiError('invalid', `GET ${path}: unexpected answer`, response.status, body, { cause: error });
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
