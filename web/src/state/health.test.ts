import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Health } from '../api/health';
import { createHealthStore, type HealthState } from './health';

const checkedAt = new Date('2026-11-25T06:00:00Z');

function storeWith(load: () => Promise<Health>, online = true) {
  return createHealthStore({ load, isOnline: () => online, now: () => checkedAt });
}

describe('health store', () => {
  it('reports the version when the store is up', async () => {
    const store = storeWith(async () => ({ version: '0.1.0', store: 'up', time: '2026-11-25T06:00:00Z' }));

    await store.refresh();

    expect(store.getState()).toEqual({ status: 'ok', version: '0.1.0', checkedAt });
  });

  it('reports a store that is down as its own state, not as unreachable', async () => {
    const store = storeWith(async () => ({ version: '0.1.0', store: 'down', time: '2026-11-25T06:00:00Z' }));

    await store.refresh();

    expect(store.getState()).toEqual({ status: 'storeDown', version: '0.1.0', checkedAt });
  });

  it('tells offline from unreachable by the device connection', async () => {
    const fail = async (): Promise<Health> => {
      throw new ApiError('network', 'no answer');
    };
    const offline = storeWith(fail, false);
    const online = storeWith(fail, true);

    await Promise.all([offline.refresh(), online.refresh()]);

    expect(offline.getState().status).toBe('offline');
    expect(online.getState().status).toBe('unreachable');
  });

  it('shows loading while checking and keeps only the latest answer', async () => {
    const answers: Array<(health: Health) => void> = [];
    // Each check waits until the test answers it.
    const store = storeWith(() => new Promise<Health>((resolve) => answers.push(resolve)));
    const seen: HealthState['status'][] = [];
    store.subscribe((state) => seen.push(state.status));

    const first = store.refresh();
    const second = store.refresh();
    answers[1]?.({ version: '0.2.0', store: 'up', time: '' });
    answers[0]?.({ version: '0.1.0', store: 'down', time: '' });
    await Promise.all([first, second]);

    expect(store.getState()).toEqual({ status: 'ok', version: '0.2.0', checkedAt });
    expect(seen).toEqual(['loading', 'loading', 'ok']);
  });
});
