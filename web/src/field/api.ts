/**
 * The field API as the page calls it: staff requests with the signed-in engineer's token (one retry with a
 * renewed token on a 401), answers checked with the shared wire contract. Loaded after the first screen
 * (sync.ts imports it), so that the schemas' validation library is not part of the first route's JS.
 */
import {
  type FieldSnapshot,
  FieldSnapshotSchema,
  type OutboxItem,
  type OutboxResponse,
  OutboxResponseSchema,
} from '../../../shared/field/schemas.ts';
import { authJson, type SendOptions } from '../api/client';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;

/** Each outbox request gives up after this long (then it is a transient failure, retried with back-off). */
export const OUTBOX_TIMEOUT_MS = 15_000;

export interface FieldApi {
  snapshot(options?: SendOptions): Promise<FieldSnapshot>;
  outbox(items: OutboxItem[], options?: SendOptions): Promise<OutboxResponse>;
}

export function fieldApi(request: AuthRequest = authJson): FieldApi {
  return {
    snapshot: (options) => request('/field/sync', (body) => FieldSnapshotSchema.parse(body), options),
    outbox: (items, options) =>
      request('/field/outbox', (body) => OutboxResponseSchema.parse(body), {
        timeoutMs: OUTBOX_TIMEOUT_MS,
        ...options,
        method: 'POST',
        body: { items },
      }),
  };
}
