import { useEffect, useState } from 'preact/hooks';
import { ApiError, type RequestOptions } from '../api/client';
import { getHealth, type Health } from '../api/health';

/** What the home screen shows about the service. */
export type HealthState =
  | { status: 'loading' }
  | { status: 'ok'; version: string; checkedAt: Date }
  | { status: 'storeDown'; version: string; checkedAt: Date }
  /** The device has no connection at all. */
  | { status: 'offline' }
  /** Connected, but the service gave no usable answer (refused, timed out, 5xx, not JSON). */
  | { status: 'unreachable' };

export interface HealthStore {
  getState(): HealthState;
  subscribe(listener: (state: HealthState) => void): () => void;
  /** Checks again; an earlier check still running is abandoned. */
  refresh(): Promise<void>;
}

export interface HealthStoreDeps {
  load: (options: RequestOptions) => Promise<Health>;
  isOnline: () => boolean;
  now: () => Date;
}

export function createHealthStore(deps: HealthStoreDeps): HealthStore {
  let state: HealthState = { status: 'loading' };
  let inFlight: AbortController | null = null;
  const listeners = new Set<(state: HealthState) => void>();

  const set = (next: HealthState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      set({ status: 'loading' });
      let next: HealthState;
      try {
        const health = await deps.load({ signal: controller.signal });
        const checkedAt = deps.now();
        next =
          health.store === 'up'
            ? { status: 'ok', version: health.version, checkedAt }
            : { status: 'storeDown', version: health.version, checkedAt };
      } catch (error) {
        if (controller.signal.aborted) return;
        const noConnection = error instanceof ApiError && error.kind === 'network' && !deps.isOnline();
        next = { status: noConnection ? 'offline' : 'unreachable' };
      }
      if (inFlight !== controller) return;
      inFlight = null;
      set(next);
    },
  };
}

let defaultStore: HealthStore | null = null;

function browserHealthStore(): HealthStore {
  defaultStore ??= createHealthStore({
    load: getHealth,
    isOnline: () => navigator.onLine !== false,
    now: () => new Date(),
  });
  return defaultStore;
}

/**
 * The health state for a component, checked on mount and again whenever the device goes offline or comes
 * back online.
 */
export function useHealth(store: HealthStore = browserHealthStore()): {
  state: HealthState;
  retry: () => void;
} {
  const [state, setState] = useState(store.getState);

  useEffect(() => {
    const unsubscribe = store.subscribe(setState);
    const retry = () => void store.refresh();
    retry();
    window.addEventListener('online', retry);
    window.addEventListener('offline', retry);
    return () => {
      window.removeEventListener('online', retry);
      window.removeEventListener('offline', retry);
      unsubscribe();
    };
  }, [store]);

  return { state, retry: () => void store.refresh() };
}
