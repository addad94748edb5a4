/**
 * The staff session: who is signed in, and the tokens that prove it.
 *
 * Offline first: the session lives in IndexedDB (offline/session-store.ts) and is believed until the
 * server says otherwise. A network error, a 5xx or a full disk never signs anyone out; only a 401 from
 * /api/auth/refresh does (expired, revoked, or the refresh token was reused).
 *
 * Refresh tokens rotate and a spent one ends the whole session on the server, so refreshing is
 * single-flight twice over: requests of this page share one refresh (`refreshing`), and tabs take turns
 * under a Web Lock, each re-reading the stored session first in case another tab already refreshed.
 */
import { useEffect, useState } from 'preact/hooks';
import { refreshTokens, signOut as revokeOnServer, type StaffProfile, type Tokens } from '../api/auth';
import { ApiError, setTokenSource, type TokenSource } from '../api/client';
import {
  indexedDbSessionRepository,
  type SessionRepository,
  type StorageProblem,
  type StoredSession,
  toStorageError,
} from '../offline/session-store';

export type SessionState =
  /** Reading the device's storage: say nothing yet about being signed in or not. */
  | { status: 'loading'; storage: StorageProblem | null }
  /** `ended`: the server ended the session (expired, revoked); the person did not sign out. */
  | { status: 'signedOut'; ended: boolean; storage: StorageProblem | null }
  | { status: 'signedIn'; staff: StaffProfile; storage: StorageProblem | null };

export interface SessionStore extends TokenSource {
  getState(): SessionState;
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Reads the session kept on the device. */
  load(): Promise<void>;
  signIn(tokens: Tokens): Promise<void>;
  /** Revokes the session on the server (later, if offline) and forgets it on this device. */
  signOut(): Promise<void>;
  /** Back online or back in view: renew a token about to expire, send a sign-out that waited. */
  resume(): Promise<void>;
}

export interface SessionStoreDeps {
  repository: SessionRepository;
  refresh: (refreshToken: string) => Promise<Tokens>;
  revoke: (refreshToken: string) => Promise<void>;
  now: () => number;
  isOnline: () => boolean;
  /** Runs `work` while no other tab runs its own; default: at once. */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Asks the browser to keep our storage under pressure; default: nothing. */
  requestPersistence?: () => Promise<unknown>;
  /** Calls `run` after `ms`; returns a cancel function. Default: setTimeout. */
  schedule?: (run: () => void, ms: number) => () => void;
}

/** Renew an access token this long before it expires. */
export const RENEW_BEFORE_MS = 2 * 60_000;

const isUnauthorized = (error: unknown) =>
  error instanceof ApiError && error.kind === 'http' && error.status === 401;

/** A refused request that retrying cannot fix (4xx): a sign-out that waited for it can be dropped. */
const isFinal = (error: unknown) =>
  error instanceof ApiError &&
  error.kind === 'http' &&
  error.status !== undefined &&
  error.status >= 400 &&
  error.status < 500 &&
  error.status !== 429;

export function sessionFromTokens(tokens: Tokens, now: number, signedInAt = now): StoredSession {
  return {
    accessToken: tokens.accessToken,
    accessExpiresAt: now + tokens.expiresIn * 1000,
    refreshToken: tokens.refreshToken,
    staff: tokens.staff,
    signedInAt,
  };
}

export function createSessionStore(deps: SessionStoreDeps): SessionStore {
  const exclusive = deps.exclusive ?? ((work) => work());
  const schedule =
    deps.schedule ??
    ((run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    });

  let state: SessionState = { status: 'loading', storage: null };
  let session: StoredSession | null = null;
  let refreshing: Promise<string | null> | null = null;
  let cancelTimer: (() => void) | null = null;
  const listeners = new Set<(state: SessionState) => void>();

  const set = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };
  const storage = () => state.storage;
  const showSignedIn = () => {
    if (session) set({ status: 'signedIn', staff: session.staff, storage: storage() });
  };
  const noteStorageProblem = (error: unknown) => {
    set({ ...state, storage: toStorageError(error).problem });
  };

  const persist = async (value: StoredSession | null) => {
    try {
      if (value === null) await deps.repository.clear();
      else await deps.repository.save(value);
      if (state.storage !== null) set({ ...state, storage: null });
    } catch (error) {
      // Kept in memory: the person stays signed in until the app closes, and sees why it will not last.
      noteStorageProblem(error);
    }
  };

  const expiresSoon = (value: StoredSession) => value.accessExpiresAt - deps.now() <= RENEW_BEFORE_MS;

  const planRenewal = () => {
    cancelTimer?.();
    cancelTimer = null;
    if (!session) return;
    const wait = Math.max(0, session.accessExpiresAt - RENEW_BEFORE_MS - deps.now());
    cancelTimer = schedule(() => {
      cancelTimer = null;
      // Offline the timer does nothing; the `online` event brings us back through resume().
      if (deps.isOnline()) void refreshOnce().catch(() => undefined);
    }, wait);
  };

  const end = async () => {
    session = null;
    cancelTimer?.();
    cancelTimer = null;
    // Stored first, shown second: other tabs re-read the device when they hear of the change.
    await persist(null);
    set({ status: 'signedOut', ended: true, storage: storage() });
  };

  const refreshOnce = (): Promise<string | null> => {
    refreshing ??= exclusive(async () => {
      if (!session) return null;
      // Another tab may have refreshed while this one waited for the lock: its tokens are newer, and
      // ours are spent.
      const stored = await deps.repository.load().catch(() => null);
      if (
        stored !== null &&
        stored.staff.id === session.staff.id &&
        stored.accessExpiresAt > session.accessExpiresAt &&
        !expiresSoon(stored)
      ) {
        session = stored;
        showSignedIn();
        planRenewal();
        return session.accessToken;
      }
      const spent = session.refreshToken;
      let tokens: Tokens;
      try {
        tokens = await deps.refresh(spent);
      } catch (error) {
        if (isUnauthorized(error)) {
          if (session?.refreshToken === spent) await end();
          return null;
        }
        throw error;
      }
      if (session?.refreshToken !== spent) {
        // Signed out while the refresh was on its way: the new session must not outlive the sign-out.
        await deps.revoke(tokens.refreshToken).catch(() => undefined);
        return null;
      }
      session = sessionFromTokens(tokens, deps.now(), session.signedInAt);
      await persist(session);
      showSignedIn();
      planRenewal();
      return session.accessToken;
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const flushPendingSignOut = async () => {
    if (!deps.isOnline()) return;
    let pending: string | null;
    try {
      pending = await deps.repository.loadPendingSignOut();
    } catch {
      return;
    }
    if (pending === null) return;
    try {
      await deps.revoke(pending);
    } catch (error) {
      if (!isFinal(error)) return;
    }
    await deps.repository.savePendingSignOut(null).catch(() => undefined);
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async load() {
      try {
        session = await deps.repository.load();
      } catch (error) {
        session = null;
        set({ status: 'signedOut', ended: false, storage: toStorageError(error).problem });
        return;
      }
      if (session) {
        showSignedIn();
        planRenewal();
      } else {
        set({ status: 'signedOut', ended: false, storage: storage() });
      }
      void flushPendingSignOut();
    },

    async signIn(tokens) {
      session = sessionFromTokens(tokens, deps.now());
      await persist(session);
      showSignedIn();
      planRenewal();
      // iOS Safari deletes the storage of a site unused for a week unless it is persistent.
      void deps.requestPersistence?.().catch(() => undefined);
    },

    async signOut() {
      const token = session?.refreshToken;
      session = null;
      cancelTimer?.();
      cancelTimer = null;
      if (token !== undefined) {
        try {
          await deps.revoke(token);
        } catch (error) {
          if (!isFinal(error)) await deps.repository.savePendingSignOut(token).catch(() => undefined);
        }
      }
      await persist(null);
      set({ status: 'signedOut', ended: false, storage: storage() });
    },

    async resume() {
      await flushPendingSignOut();
      if (session && deps.isOnline() && expiresSoon(session)) await refreshOnce().catch(() => undefined);
    },

    async current() {
      if (!session) return null;
      if (expiresSoon(session) && deps.isOnline()) {
        try {
          return await refreshOnce();
        } catch {
          // No answer from the refresh: try the old token; the request will tell.
        }
      }
      return session?.accessToken ?? null;
    },

    async renew(refused) {
      if (!session) return null;
      // Someone else already renewed the token this request was refused with.
      if (session.accessToken !== refused) return session.accessToken;
      return refreshOnce();
    },
  };
}

let browserStore: SessionStore | null = null;

/** The app's session, loaded from the device on first use and wired to the API client. */
export function browserSessionStore(): SessionStore {
  if (browserStore) return browserStore;
  const store = createSessionStore({
    repository: indexedDbSessionRepository,
    refresh: (token) => refreshTokens(token),
    revoke: (token) => revokeOnServer(token, { timeoutMs: 8000 }),
    now: () => Date.now(),
    isOnline: () => navigator.onLine !== false,
    exclusive: (work) =>
      navigator.locks ? navigator.locks.request('sitecall-session-refresh', work) : work(),
    requestPersistence: async () => navigator.storage?.persist?.(),
  });
  browserStore = store;
  setTokenSource(store);
  followOtherTabs(store);
  const resume = () => void store.resume();
  window.addEventListener('online', resume);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') resume();
  });
  void store.load();
  return store;
}

/**
 * Signing in or out in one tab shows in the others at once: each tab tells the rest when its status
 * changes, and they re-read the device's session. A status reached by re-reading is not told again.
 */
function followOtherTabs(store: SessionStore): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel('sitecall-session');
  let rereading = false;
  let last = store.getState().status;
  store.subscribe(({ status }) => {
    if (status === last) return;
    last = status;
    if (!rereading && status !== 'loading') channel.postMessage(status);
  });
  channel.onmessage = () => {
    rereading = true;
    void store.load().finally(() => {
      rereading = false;
    });
  };
}

/** The session state for a component. */
export function useSession(store: SessionStore = browserSessionStore()): SessionState {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
