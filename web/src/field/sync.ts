/**
 * The sync runner of the page: flush the outbox (flush.ts), then read a fresh snapshot and measure the
 * clock offset. One run at a time in this page, and under the outbox's Web Lock across tabs and the service
 * worker. A transient failure while items wait schedules the next run with back-off and jitter (outbox.ts);
 * a 401 stops and asks to sign in again, keeping the queue.
 */
import { ApiError } from '../api/client';
import type { FieldApi } from './api';
import { measureOffset } from './clock';
import { FLUSH_LOCK, type FlushDeps, flushOutbox } from './flush';
import { NETWORK_RETRY_CAP_MS, RETRY_CAP_MS, retryDelayMs } from './outbox';
import type { FieldRepository } from './repository';

export type SyncProblem = 'offline' | 'server' | 'auth' | 'storage';

export interface SyncReport {
  /** When this run ended (phone time). */
  at: number;
  /** Whether a fresh snapshot was read. */
  pulled: boolean;
  sent: number;
  rejected: number;
  problem: SyncProblem | null;
  /** The server's or the platform's words, for the error line. */
  detail: string | null;
  /** When the next automatic retry is due, if one is planned. */
  retryAt: number | null;
}

export interface SyncDeps {
  repo: FieldRepository;
  api: FieldApi;
  now(): number;
  random(): number;
  isOnline(): boolean;
  /** Runs `work` holding the named lock; default: at once. */
  lock?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  /** Calls `run` after `ms`; returns a cancel function. */
  schedule?: (run: () => void, ms: number) => () => void;
  /** Told after every run. */
  onReport?: (report: SyncReport) => void;
}

function problemOf(error: unknown): SyncProblem {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'auth';
    return error.kind === 'network' || error.kind === 'aborted' ? 'offline' : 'server';
  }
  if (error instanceof DOMException || (error instanceof Error && error.name === 'QuotaExceededError'))
    return 'storage';
  return 'server';
}

const detailOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createSyncRunner(deps: SyncDeps) {
  const lock = deps.lock ?? ((_name, work) => work());
  const schedule =
    deps.schedule ??
    ((run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    });
  let running: Promise<SyncReport> | null = null;
  let again = false;
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;

  const flushDeps: FlushDeps = {
    repo: deps.repo,
    post: (items) => deps.api.outbox(items),
    now: deps.now,
  };

  const once = async (): Promise<SyncReport> => {
    cancelRetry?.();
    cancelRetry = null;
    const report: SyncReport = {
      at: 0,
      pulled: false,
      sent: 0,
      rejected: 0,
      problem: null,
      detail: null,
      retryAt: null,
    };
    if (!deps.isOnline()) {
      report.problem = 'offline';
    } else {
      try {
        await lock(FLUSH_LOCK, async () => {
          const flushed = await flushOutbox(flushDeps);
          report.sent = flushed.sent;
          report.rejected = flushed.rejected;
          if (flushed.kind === 'auth') {
            report.problem = 'auth';
            return;
          }
          if (flushed.kind === 'transient') {
            // A server that fails the outbox would fail the snapshot too: both wait for the retry.
            report.problem = problemOf(flushed.error);
            report.detail = detailOf(flushed.error);
            return;
          }
          attempt = 0;
          // The snapshot is read after the queue went out, so that it already holds what was sent.
          const sentAt = deps.now();
          const snapshot = await deps.api.snapshot();
          const offset = measureOffset(sentAt, deps.now(), snapshot.serverTime);
          await deps.repo.replaceSnapshot(snapshot, {
            engineer: snapshot.engineer,
            lastSyncAt: deps.now(),
            clockOffsetMs: offset,
          });
          report.pulled = true;
        });
      } catch (error) {
        report.problem ??= problemOf(error);
        report.detail ??= detailOf(error);
      }
    }
    // Items still waiting after a transient failure: try again later, a little later each time (up to
    // 60 s after server errors, 8 s when the network failed: outbox.ts). Known offline there is no timer
    // (the `online` event comes), and a 401 waits for the engineer to sign in.
    if (report.problem === 'server' || (report.problem === 'offline' && deps.isOnline())) {
      const waiting = await deps.repo.count().catch(() => 0);
      if (waiting > 0) {
        attempt += 1;
        const cap = report.problem === 'offline' ? NETWORK_RETRY_CAP_MS : RETRY_CAP_MS;
        const delay = retryDelayMs(attempt, deps.random(), cap);
        report.retryAt = deps.now() + delay;
        cancelRetry = schedule(() => void run(), delay);
      }
    }
    report.at = deps.now();
    deps.onReport?.(report);
    return report;
  };

  /** Runs a sync now, or once more right after the one running. */
  function run(): Promise<SyncReport> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report = await once();
      while (again) {
        again = false;
        report = await once();
      }
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    run,
    /** Stops the retry timer (the page goes away). */
    stop() {
      cancelRetry?.();
      cancelRetry = null;
    },
    /** How many retries in a row have failed. */
    attempts: () => attempt,
  };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;
