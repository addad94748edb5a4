/**
 * The register's screens as small stores: a loader per resource (loading / failed / ready, reloaded on
 * demand), a guard that lets one change run at a time, and the label sheet just issued (held in memory
 * only: its QR tokens are shown once and must not outlive the tab).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ImportError, ImportReportSchema, type LabelSheet } from '../../../shared/devices/schemas.ts';
import { ApiError, authJson, authText } from '../api/client';
import { type ActionFailure, actionFailure } from '../desk/actions';
import { registerApi } from './api';

/** The register's API with the signed-in staff member's credentials. */
export const register = registerApi(authJson, authText);

export type Load<T> =
  | { status: 'loading' }
  | { status: 'failed'; notFound: boolean; offline: boolean }
  | { status: 'ready'; data: T };

const aborted = (error: unknown, signal: AbortSignal) =>
  signal.aborted || (error instanceof ApiError && error.kind === 'aborted');

/** Loads `fetch` when `key` changes; `reload` reads it again, keeping what is shown until it answers. */
export function useLoad<T>(fetch: (signal: AbortSignal) => Promise<T>, key: string) {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' });
  const latest = useRef(fetch);
  latest.current = fetch;
  const controller = useRef<AbortController | null>(null);

  const read = useCallback(async (fresh: boolean) => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    if (fresh) setLoad({ status: 'loading' });
    try {
      const data = await latest.current(own.signal);
      if (!own.signal.aborted) setLoad({ status: 'ready', data });
    } catch (error) {
      if (aborted(error, own.signal)) return;
      setLoad({
        status: 'failed',
        notFound: error instanceof ApiError && (error.status === 404 || error.status === 403),
        offline: error instanceof ApiError && error.kind === 'network',
      });
    }
  }, []);

  useEffect(() => {
    void read(true);
    return () => controller.current?.abort();
  }, [key, read]);

  const set = useCallback((data: T) => setLoad({ status: 'ready', data }), []);
  return { load, reload: () => read(false), set };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: ActionFailure };

/** Runs one change at a time; a second tap while one is on its way does nothing. */
export function useChange() {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const run = useCallback(async <T>(change: () => Promise<T>): Promise<Outcome<T>> => {
    if (inFlight.current) return { ok: false, failure: { kind: 'failed' } };
    inFlight.current = true;
    setBusy(true);
    try {
      return { ok: true, value: await change() };
    } catch (error) {
      return { ok: false, failure: actionFailure(error) };
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}

let issued: { contractId: string; sheet: LabelSheet } | null = null;

/** Keeps the sheet just issued for the print page of its contract. */
export function keepSheet(contractId: string, sheet: LabelSheet): void {
  issued = { contractId, sheet };
}

/** The sheet issued in this tab for the contract, if any. */
export function sheetOf(contractId: string): LabelSheet | null {
  return issued?.contractId === contractId ? issued.sheet : null;
}

export type ImportOutcome =
  | { kind: 'imported'; count: number }
  | { kind: 'rejected'; errors: ImportError[] }
  | { kind: 'failed'; failure: ActionFailure };

/**
 * Sends a CSV register. A 400 that carries the row-by-row report is `rejected` (the server wrote
 * nothing); any other failure is `failed`, a bad file as a whole included (its message names why).
 */
export async function importCsv(contractId: string, csv: string, lang: string): Promise<ImportOutcome> {
  try {
    const report = await register.importDevices(contractId, csv, { lang, timeoutMs: 30_000 });
    return { kind: 'imported', count: report.imported };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      const report = ImportReportSchema.safeParse(error.body);
      if (report.success && report.data.errors.length > 0)
        return { kind: 'rejected', errors: report.data.errors };
    }
    return { kind: 'failed', failure: actionFailure(error) };
  }
}
