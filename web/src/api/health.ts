import { ApiError, getJson, type RequestOptions } from './client';

/** GET /api/health: 200 when the store is up, 503 with the same body when it is down. */
export interface Health {
  version: string;
  store: 'up' | 'down';
  time: string;
}

export function parseHealth(body: unknown): Health {
  if (typeof body !== 'object' || body === null) throw new TypeError('health: not an object');
  const { version, store, time } = body as Record<string, unknown>;
  if (typeof version !== 'string' || typeof time !== 'string' || (store !== 'up' && store !== 'down')) {
    throw new TypeError('health: unexpected fields');
  }
  return { version, store, time };
}

/** Resolves with the health report whether the store is up or down; rejects with ApiError otherwise. */
export async function getHealth(options?: RequestOptions): Promise<Health> {
  try {
    return await getJson('/health', parseHealth, options);
  } catch (error) {
    // A 503 that carries a well-formed report is an answer, not a failure: the service is there and says
    // its store is down.
    if (error instanceof ApiError && error.kind === 'http' && error.status === 503) {
      try {
        return parseHealth(error.body);
      } catch {
        throw error;
      }
    }
    throw error;
  }
}
