/**
 * The customer's status page as a store: the ticket as last read, refreshed every 30 s while the page
 * is visible (and at once when it comes back into view), and the customer's confirmation of the repair.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { StatusView } from '../../../shared/tickets/schemas.ts';
import { ApiError } from '../api/client';
import type { Locale } from '../i18n/locale';
import { confirmRepair, loadStatus } from './api';
import { failureOf, type SendFailure } from './form';

export const REFRESH_MS = 30_000;

export type StatusLoad =
  | { status: 'loading' }
  | { status: 'failed'; failure: SendFailure }
  | { status: 'ready'; view: StatusView; loadedAt: number; refreshFailed: boolean };

/** What changed between two reads that a person waiting on the page wants to hear. */
export function noticeableChange(before: StatusView, after: StatusView): boolean {
  return (
    before.state !== after.state ||
    before.paused !== after.paused ||
    before.level !== after.level ||
    before.engineerName !== after.engineerName
  );
}

export type ConfirmOutcome = 'confirmed' | 'conflict' | 'failed';

const online = () => navigator.onLine !== false;

export function useStatus(token: string, locale: Locale) {
  const [load, setLoad] = useState<StatusLoad>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  /** Bumped on each noticeable change after the first read: the page announces it. */
  const [changes, setChanges] = useState(0);
  const current = useRef<StatusView | null>(null);
  const localeRef = useRef(locale);
  localeRef.current = locale;

  const accept = useCallback((view: StatusView) => {
    const before = current.current;
    current.current = view;
    if (before !== null && noticeableChange(before, view)) setChanges((n) => n + 1);
    setLoad({ status: 'ready', view, loadedAt: Date.now(), refreshFailed: false });
  }, []);

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      setRefreshing(true);
      try {
        accept(await loadStatus(token, { lang: localeRef.current, ...(signal ? { signal } : {}) }));
      } catch (error) {
        if (signal?.aborted) return;
        const failure = failureOf(error, online());
        // Once the ticket has been shown, a failed refresh keeps it on screen; a 404 (link revoked) does not.
        setLoad((now) =>
          now.status === 'ready' && failure.kind !== 'notFound'
            ? { ...now, refreshFailed: true }
            : { status: 'failed', failure },
        );
      } finally {
        setRefreshing(false);
      }
    },
    [token, accept],
  );

  useEffect(() => {
    const controller = new AbortController();
    current.current = null;
    setLoad({ status: 'loading' });
    void refresh(controller.signal);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh(controller.signal);
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh(controller.signal);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  const confirm = useCallback(
    async (note: string): Promise<ConfirmOutcome> => {
      const trimmed = note.trim();
      try {
        accept(
          await confirmRepair(token, trimmed === '' ? {} : { note: trimmed.slice(0, 500) }, {
            lang: localeRef.current,
          }),
        );
        return 'confirmed';
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          await refresh();
          return 'conflict';
        }
        return 'failed';
      }
    },
    [token, accept, refresh],
  );

  return { load, refreshing, changes, refresh: () => void refresh(), confirm };
}
