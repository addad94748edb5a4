/**
 * The desk's screens as small stores: the board (refreshed every 30 s while visible), the choices of
 * its filters, and one ticket with its actions. Each change is sent with the version the desk saw; a
 * 409 reloads the ticket and says so.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ContractView } from '../../../shared/contracts/schemas.ts';
import type { TicketDetail, TicketView } from '../../../shared/tickets/schemas.ts';
import { ApiError } from '../api/client';
import type { Locale } from '../i18n/locale';
import { type ActionFailure, actionFailure } from './actions';
import type { StaffMember, TicketAction } from './api';
import { type BoardFilters, filtersToSearch, sortByBreach } from './board';
import { desk } from './gate';

export const BOARD_REFRESH_MS = 30_000;

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'failed'; notFound: boolean; offline: boolean }
  | { status: 'ready'; data: T; loadedAt: number; staleFailed: boolean };

function failedOf(error: unknown) {
  return {
    status: 'failed' as const,
    notFound: error instanceof ApiError && (error.status === 404 || error.status === 403),
    offline: error instanceof ApiError && error.kind === 'network',
  };
}

/** Calls `run` now, every `ms` while the page is visible, and when it comes back into view. */
function usePolling(run: (signal: AbortSignal) => void, ms: number, key: string) {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const controller = new AbortController();
    latest.current(controller.signal);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current(controller.signal);
    }, ms);
    const onVisible = () => {
      if (document.visibilityState === 'visible') latest.current(controller.signal);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms, key]);
}

export function useBoard(filters: BoardFilters, locale: Locale) {
  const [load, setLoad] = useState<Loaded<TicketView[]>>({ status: 'loading' });
  const key = filtersToSearch(filters);
  const lastKey = useRef(key);

  const fetchBoard = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const board = await desk.board(filters, { lang: locale, ...(signal ? { signal } : {}) });
        if (signal?.aborted) return;
        setLoad({
          status: 'ready',
          data: sortByBreach(board.tickets),
          loadedAt: Date.now(),
          staleFailed: false,
        });
      } catch (error) {
        if (signal?.aborted || (error instanceof ApiError && error.kind === 'aborted')) return;
        setLoad((now) => (now.status === 'ready' ? { ...now, staleFailed: true } : failedOf(error)));
      }
    },
    [key, locale],
  );

  // A new set of filters shows "loading" rather than the old list under the new filters.
  useEffect(() => {
    if (lastKey.current === key) return;
    lastKey.current = key;
    setLoad({ status: 'loading' });
  }, [key]);

  usePolling((signal) => void fetchBoard(signal), BOARD_REFRESH_MS, key);
  return { load, refresh: () => void fetchBoard() };
}

/** Contracts and engineers for the filters and the assign list; a failure leaves them empty. */
export function useDeskChoices(locale: Locale) {
  const [contracts, setContracts] = useState<ContractView[]>([]);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [engineers, setEngineers] = useState<StaffMember[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    const options = { lang: locale, signal: controller.signal };
    desk.contracts(options).then(setContracts, () => undefined);
    desk.staff(undefined, options).then(setStaff, () => undefined);
    desk.staff('engineer', options).then(setEngineers, () => undefined);
    return () => controller.abort();
  }, []);
  return { contracts, staff, engineers };
}

export type ActionResult = { ok: true } | { ok: false; failure: ActionFailure };

export function useTicket(ticketId: string, locale: Locale) {
  const [load, setLoad] = useState<Loaded<TicketDetail>>({ status: 'loading' });
  const [busy, setBusy] = useState<TicketAction['command'] | null>(null);
  const inFlight = useRef(false);

  const fetchTicket = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const detail = await desk.ticket(ticketId, { lang: locale, ...(signal ? { signal } : {}) });
        if (signal?.aborted) return;
        setLoad({ status: 'ready', data: detail, loadedAt: Date.now(), staleFailed: false });
      } catch (error) {
        if (signal?.aborted || (error instanceof ApiError && error.kind === 'aborted')) return;
        setLoad((now) =>
          now.status === 'ready' && !(error instanceof ApiError && error.status === 404)
            ? { ...now, staleFailed: true }
            : failedOf(error),
        );
      }
    },
    [ticketId, locale],
  );

  usePolling((signal) => void fetchTicket(signal), BOARD_REFRESH_MS, ticketId);

  const act = useCallback(
    async (action: TicketAction): Promise<ActionResult> => {
      if (inFlight.current) return { ok: false, failure: { kind: 'failed' } };
      inFlight.current = true;
      setBusy(action.command);
      try {
        const detail = await desk.act(ticketId, action, { lang: locale });
        setLoad({ status: 'ready', data: detail, loadedAt: Date.now(), staleFailed: false });
        return { ok: true };
      } catch (error) {
        const failure = actionFailure(error);
        if (failure.kind === 'conflict') await fetchTicket();
        return { ok: false, failure };
      } finally {
        inFlight.current = false;
        setBusy(null);
      }
    },
    [ticketId, locale, fetchTicket],
  );

  return { load, busy, act, reload: () => void fetchTicket() };
}
