import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshTokens, signOut, type Tokens } from '../api/auth';
import { ApiError, authJson } from '../api/client';
import { type SessionRepository, StorageError, type StoredSession } from '../offline/session-store';
import { createSessionStore, type SessionStoreDeps, sessionFromTokens } from './session';

const staff = { id: 'st-1', name: '王管理', roles: ['admin' as const], companyId: 'default' };
const t0 = Date.parse('2026-11-25T06:00:00Z');

const tokens = (n: number): Tokens => ({
  accessToken: `access-${n}`,
  expiresIn: 900,
  refreshToken: `refresh-${n}`,
  staff,
});

function memoryRepository(initial: StoredSession | null = null) {
  const data = { session: initial, pending: null as string | null, failSaves: null as StorageError | null };
  const repository: SessionRepository = {
    load: async () => data.session,
    save: async (session) => {
      if (data.failSaves) throw data.failSaves;
      data.session = session;
    },
    clear: async () => {
      data.session = null;
    },
    loadPendingSignOut: async () => data.pending,
    savePendingSignOut: async (token) => {
      data.pending = token;
    },
  };
  return { data, repository };
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const tokenBody = (n: number) => ({ ...tokens(n), tokenType: 'Bearer' });

/** A fake server behind fetch: the API answers with `accept` for one access token, refresh rotates. */
function fakeServer(options: { refresh: (token: string) => Response | Promise<Response> }) {
  const calls: string[] = [];
  let validAccess = 'access-2';
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    if (url === '/api/auth/refresh') {
      const { refreshToken } = JSON.parse(String(init?.body)) as { refreshToken: string };
      const answer = await options.refresh(refreshToken);
      if (answer.ok) validAccess = ((await answer.clone().json()) as Tokens).accessToken;
      return answer;
    }
    if (url === '/api/auth/sign-out') return new Response(null, { status: 204 });
    const auth = new Headers(init?.headers).get('authorization');
    return auth === `Bearer ${validAccess}` ? json({ ok: true }, 200) : json({ error: {} }, 401);
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, setValidAccess: (token: string) => (validAccess = token) };
}

function storeWith(overrides: Partial<SessionStoreDeps> = {}, initial: StoredSession | null = null) {
  const { data, repository } = memoryRepository(initial);
  let now = t0;
  let online = true;
  const store = createSessionStore({
    repository,
    refresh: (token) => refreshTokens(token),
    revoke: (token) => signOut(token),
    now: () => now,
    isOnline: () => online,
    schedule: () => () => undefined,
    ...overrides,
  });
  return {
    store,
    data,
    advance: (ms: number) => (now += ms),
    setOnline: (value: boolean) => (online = value),
  };
}

const parseOk = (body: unknown) => body as { ok: boolean };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('session store: loading', () => {
  it('is signed in from the device alone, without any network', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const { store, setOnline } = storeWith({}, sessionFromTokens(tokens(1), t0 - 3600_000));
    setOnline(false);

    await store.load();

    expect(store.getState()).toEqual({ status: 'signedIn', staff, storage: null });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is signed out, with the problem shown, when storage cannot be read', async () => {
    const { store } = storeWith({
      repository: {
        ...memoryRepository().repository,
        load: async () => {
          throw new StorageError('unavailable', 'blocked');
        },
      },
    });

    await store.load();

    expect(store.getState()).toEqual({ status: 'signedOut', ended: false, storage: 'unavailable' });
  });
});

describe('session store: refresh', () => {
  it('shares one refresh among concurrent requests refused with the same token', async () => {
    const server = fakeServer({ refresh: (token) => json(tokenBody(token === 'refresh-1' ? 2 : 99), 200) });
    server.setValidAccess('access-2');
    const { store, data } = storeWith();
    await store.signIn(tokens(1));

    const answers = await Promise.all([
      authJson('/desk/a', parseOk, {}, store),
      authJson('/desk/b', parseOk, {}, store),
      authJson('/desk/c', parseOk, {}, store),
    ]);

    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(server.calls.filter((url) => url === '/api/auth/refresh')).toHaveLength(1);
    expect(data.session?.refreshToken).toBe('refresh-2');
  });

  it('renews a token about to expire before using it, when online', async () => {
    const server = fakeServer({ refresh: () => json(tokenBody(2), 200) });
    const { store, advance } = storeWith();
    await store.signIn(tokens(1));
    advance(14 * 60_000);

    await expect(authJson('/desk/a', parseOk, {}, store)).resolves.toEqual({ ok: true });

    expect(server.calls).toEqual(['/api/auth/refresh', '/api/desk/a']);
  });

  it('ends the session only when the refresh itself is refused', async () => {
    fakeServer({ refresh: () => json({ error: { code: 'unauthorized' } }, 401) });
    const { store, data } = storeWith();
    await store.signIn(tokens(1));

    const error = await authJson('/desk/a', parseOk, {}, store).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(store.getState()).toEqual({ status: 'signedOut', ended: true, storage: null });
    expect(data.session).toBeNull();
  });

  it('keeps the session when the refresh gets no answer', async () => {
    fakeServer({
      refresh: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const { store, data } = storeWith();
    await store.signIn(tokens(1));

    const error = await authJson('/desk/a', parseOk, {}, store).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network' });
    expect(store.getState().status).toBe('signedIn');
    expect(data.session?.refreshToken).toBe('refresh-1');
  });

  it('keeps the session on a server error during refresh', async () => {
    fakeServer({ refresh: () => json({ error: { code: 'internal' } }, 503) });
    const { store } = storeWith();
    await store.signIn(tokens(1));

    await authJson('/desk/a', parseOk, {}, store).catch(() => undefined);

    expect(store.getState().status).toBe('signedIn');
  });

  it('takes the tokens another tab stored instead of spending its own', async () => {
    const server = fakeServer({ refresh: () => json(tokenBody(50), 200) });
    const { store, data, advance } = storeWith();
    await store.signIn(tokens(1));
    advance(60_000);
    // Another tab refreshed: newer tokens are on the device, ours are spent.
    data.session = sessionFromTokens(tokens(2), t0 + 60_000, t0);
    server.setValidAccess('access-2');

    await expect(authJson('/desk/a', parseOk, {}, store)).resolves.toEqual({ ok: true });

    expect(server.calls.filter((url) => url === '/api/auth/refresh')).toHaveLength(0);
  });
});

describe('session store: storage problems', () => {
  it('stays signed in for now and says why it will not last when the disk is full', async () => {
    const { store, data } = storeWith();
    data.failSaves = new StorageError('quota', 'full');

    await store.signIn(tokens(1));

    expect(store.getState()).toEqual({ status: 'signedIn', staff, storage: 'quota' });
  });
});

describe('session store: sign-out', () => {
  it('revokes the session on the server and forgets it here', async () => {
    const server = fakeServer({ refresh: () => json(tokenBody(2), 200) });
    const { store, data } = storeWith();
    await store.signIn(tokens(1));

    await store.signOut();

    expect(server.calls).toContain('/api/auth/sign-out');
    expect(store.getState()).toEqual({ status: 'signedOut', ended: false, storage: null });
    expect(data.session).toBeNull();
    expect(data.pending).toBeNull();
  });

  it('signs out offline at once and revokes on the server once back online', async () => {
    const revoke = vi.fn(async (_token: string): Promise<void> => {
      throw new ApiError('network', 'no answer');
    });
    const { store, data, setOnline } = storeWith({ revoke });
    await store.signIn(tokens(1));
    setOnline(false);

    await store.signOut();

    expect(store.getState().status).toBe('signedOut');
    expect(data.session).toBeNull();
    expect(data.pending).toBe('refresh-1');

    revoke.mockResolvedValueOnce(undefined);
    setOnline(true);
    await store.resume();

    expect(revoke).toHaveBeenLastCalledWith('refresh-1');
    expect(data.pending).toBeNull();
  });
});
