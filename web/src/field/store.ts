/**
 * The field area's state for the screens: the local data (snapshot, queue, drafts) read from the phone, and
 * the sync state. Every action goes to the outbox first and the screen re-reads the phone, so what the
 * engineer sees is always what is stored. Sync runs on start, on `online`, when the app comes back into view,
 * on a timer while items wait (sync.ts), after each new action, and from the service worker's background
 * sync where the browser has it. The sync code (and the wire contract's validation) loads after the first
 * screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AnswerValue, FieldAction } from '../../../shared/field/schemas.ts';
import { fieldDb } from './db';
import { SYNC_TAG } from './flush';
import { fieldRepository, type LocalData } from './repository';
import type { SyncReport, SyncRunner } from './sync';

export interface FieldState {
  data: LocalData | null;
  /** The phone's storage could not be read. */
  storageFailed: boolean;
  syncing: boolean;
  last: SyncReport | null;
}

/** How long after the first screen the start-up refresh waits when the phone already shows its data. */
export const START_SYNC_DELAY_MS = 2_000;

const repo = fieldRepository(fieldDb);
const listeners = new Set<(state: FieldState) => void>();
let state: FieldState = { data: null, storageFailed: false, syncing: false, last: null };
let runner: Promise<SyncRunner> | null = null;
let started = false;

function set(next: Partial<FieldState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

async function reload(): Promise<void> {
  try {
    set({ data: await repo.load(), storageFailed: false });
  } catch {
    set({ storageFailed: true });
  }
}

/**
 * The sync code's heavy part, the wire contract's validation (zod, the Temporal polyfill, the phone-number
 * metadata and the schemas built on them, ~280 KB of script), in the order its modules depend on each other.
 * Imported one after the other, each import evaluates only what the earlier ones did not, each in a task of
 * its own: slices of a few milliseconds that the page can answer a tap between, where evaluating it all in
 * one go blocked a phone's main thread for about 200 ms.
 */
const SYNC_CODE: readonly (() => Promise<unknown>)[] = [
  () => import('../../../shared/sla/levels.ts'),
  () => import('../../../shared/sla/time.ts'),
  () => import('../../../shared/auth/schemas.ts'),
  () => import('../../../shared/tickets/schemas.ts'),
  () => import('../../../shared/field/schemas.ts'),
];

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function loadSync() {
  for (const load of SYNC_CODE) {
    await load();
    await nextTask();
  }
  return Promise.all([import('./sync'), import('./api')]);
}

function syncRunner(): Promise<SyncRunner> {
  runner ??= loadSync().then(([sync, api]) =>
    sync.createSyncRunner({
      repo,
      api: api.fieldApi(),
      now: () => Date.now(),
      random: Math.random,
      isOnline: () => navigator.onLine !== false,
      lock: (name, work) => (navigator.locks ? navigator.locks.request(name, work) : work()),
      onReport: (report) => {
        set({ last: report });
        void reload();
      },
    }),
  );
  runner.catch(() => {
    runner = null;
  });
  return runner;
}

/** Runs a sync now (or right after the one running). */
export async function syncNow(): Promise<void> {
  set({ syncing: true });
  try {
    await (await syncRunner()).run();
  } catch {
    // The sync code could not load (offline before it was ever cached): the next trigger tries again.
  } finally {
    set({ syncing: false });
  }
}

/** Asks the service worker to flush when the connection returns, even if the app is closed by then. */
function registerBackgroundSync(): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  void sw.ready
    .then((registration) => {
      const sync = (
        registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
      ).sync;
      return sync?.register(SYNC_TAG);
    })
    .catch(() => undefined);
}

/** Starts the triggers once for the app's life. */
export function startField(): void {
  if (started) return;
  started = true;
  // iOS Safari deletes a site's storage after 7 days unused unless it is persistent.
  void navigator.storage?.persist?.().catch(() => undefined);
  void reload().then(() => {
    // With data on the phone and nothing waiting, the first screen comes first and the refresh a moment
    // later, off the start-up's busy main thread; otherwise at once.
    const waiting =
      state.data === null || state.data.meta.lastSyncAt === null || state.data.queued.length > 0;
    if (waiting) void syncNow();
    else setTimeout(() => void syncNow(), START_SYNC_DELAY_MS);
  });
  window.addEventListener('online', () => void syncNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  // The service worker flushed in the background: show what is left.
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'field-flushed') void reload();
  });
}

/** Queues an action; resolves once it is on disk. */
export async function act(action: FieldAction): Promise<void> {
  await repo.enqueue(action, { now: Date.now() });
  await reload();
  registerBackgroundSync();
  void syncNow();
}

/** Saves one answer as typed (draft + outbox item); resolves once it is on disk. */
export async function saveAnswer(
  target: { visitId: string; deviceId: string; itemId: string },
  value: AnswerValue,
): Promise<void> {
  await repo.saveAnswer(target, value, { now: Date.now() });
  await reload();
  registerBackgroundSync();
  void syncNow();
}

export async function dismissRejected(clientId: string): Promise<void> {
  await repo.dismissRejected(clientId);
  await reload();
}

export function useField(): FieldState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}
