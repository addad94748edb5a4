// The session on the device, in IndexedDB: the one place that reads or writes it. A record survives app
// restarts and days offline; only the session store (state/session.ts) decides when to clear it.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { StaffProfile } from '../api/auth';

export interface StoredSession {
  accessToken: string;
  /** Epoch ms at which the access token stops being accepted. */
  accessExpiresAt: number;
  refreshToken: string;
  staff: StaffProfile;
  /** Epoch ms of the sign-in that started this session. */
  signedInAt: number;
}

/** What went wrong with storage, in words the UI can show. */
export type StorageProblem = 'quota' | 'unavailable';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly problem: StorageProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface SessionRepository {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
  /** A refresh token to revoke on the server once there is a connection (sign-out while offline). */
  loadPendingSignOut(): Promise<string | null>;
  savePendingSignOut(refreshToken: string | null): Promise<void>;
}

const CURRENT = 'current';
const PENDING_SIGN_OUT = 'pendingSignOut';

interface SessionDb extends DBSchema {
  session: { key: string; value: StoredSession };
  signOut: { key: string; value: { refreshToken: string } };
}

const DB_NAME = 'sitecall-session';
const DB_VERSION = 1;

function openSessionDb(): Promise<IDBPDatabase<SessionDb>> {
  return openDB<SessionDb>(DB_NAME, DB_VERSION, {
    // One step per version, run in order from the version the device has: a phone that skipped an
    // update still gets every step.
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('session');
        db.createObjectStore('signOut');
      }
    },
    // Another tab of a newer version wants to upgrade: let it, this one reopens on the next call.
    blocking() {
      dbPromise?.then((db) => db.close()).catch(() => undefined);
      dbPromise = null;
    },
  });
}

let dbPromise: Promise<IDBPDatabase<SessionDb>> | null = null;

function db(): Promise<IDBPDatabase<SessionDb>> {
  dbPromise ??= openSessionDb().catch((error: unknown) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

/** Any storage failure as a StorageError; a full disk is told apart from storage that is off. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const problem: StorageProblem = name === 'QuotaExceededError' ? 'quota' : 'unavailable';
  return new StorageError(problem, `session storage: ${name || String(error)}`, { cause: error });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Writes are `strict`: on disk before they count, so a session is not lost when the phone dies. */
function writeTo<S extends 'session' | 'signOut'>(database: IDBPDatabase<SessionDb>, store: S) {
  return database.transaction(store, 'readwrite', { durability: 'strict' });
}

export const indexedDbSessionRepository: SessionRepository = {
  load: () => guarded(async () => (await (await db()).get('session', CURRENT)) ?? null),
  save: (session) =>
    guarded(async () => {
      const tx = writeTo(await db(), 'session');
      await Promise.all([tx.store.put(session, CURRENT), tx.done]);
    }),
  clear: () =>
    guarded(async () => {
      const tx = writeTo(await db(), 'session');
      await Promise.all([tx.store.delete(CURRENT), tx.done]);
    }),
  loadPendingSignOut: () =>
    guarded(async () => (await (await db()).get('signOut', PENDING_SIGN_OUT))?.refreshToken ?? null),
  savePendingSignOut: (refreshToken) =>
    guarded(async () => {
      const tx = writeTo(await db(), 'signOut');
      await Promise.all([
        refreshToken === null
          ? tx.store.delete(PENDING_SIGN_OUT)
          : tx.store.put({ refreshToken }, PENDING_SIGN_OUT),
        tx.done,
      ]);
    }),
};
