import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FieldSnapshot, OutboxItem, OutboxResponse } from '../../../shared/field/schemas.ts';
import { ApiError } from '../api/client';
import type { FieldApi } from './api';
import { openFieldDb } from './db';
import { snapshot } from './fixtures/snapshot';
import { fieldRepository } from './repository';
import { createSyncRunner, type SyncDeps } from './sync';

let dbs = 0;
const freshRepo = () => {
  dbs += 1;
  const opened = openFieldDb(`field-sync-${dbs}`);
  return fieldRepository(() => opened);
};

/**
 * The server's side of the outbox as the contract states it: each clientId applied once, a repeat answered
 * `duplicate`. `failures` lists what the next requests do instead of answering.
 */
function server(
  options: {
    failures?: ('500' | 'timeoutAfterApplying' | '401' | '400')[];
    reject?: (item: OutboxItem) => string | null;
  } = {},
) {
  const applied: OutboxItem[] = [];
  const seen = new Set<string>();
  const batches: number[] = [];
  const failures = [...(options.failures ?? [])];
  let now = Date.parse('2026-11-25T03:00:00.000Z');
  const answer = (items: OutboxItem[]): OutboxResponse => ({
    serverTime: new Date(now).toISOString(),
    results: items.map((item) => {
      if (seen.has(item.clientId)) return { clientId: item.clientId, status: 'duplicate' as const };
      seen.add(item.clientId);
      const refusal = options.reject?.(item) ?? null;
      if (refusal !== null)
        return { clientId: item.clientId, status: 'rejected' as const, code: 'conflict', message: refusal };
      applied.push(item);
      return { clientId: item.clientId, status: 'applied' as const };
    }),
  });
  const api: FieldApi = {
    async outbox(items) {
      batches.push(items.length);
      const failure = failures.shift();
      if (failure === '500') throw new ApiError('http', 'boom', 500);
      if (failure === '401') throw new ApiError('http', 'unauthorized', 401);
      if (failure === '400' && items.length > 1) throw new ApiError('http', 'bad', 400);
      if (failure === 'timeoutAfterApplying') {
        answer(items);
        throw new ApiError('network', 'no answer');
      }
      return answer(items);
    },
    async snapshot(): Promise<FieldSnapshot> {
      return { ...snapshot, serverTime: new Date(now).toISOString() };
    },
  };
  return { api, applied, batches, advance: (ms: number) => (now += ms) };
}

function runner(repo: ReturnType<typeof freshRepo>, api: FieldApi, overrides: Partial<SyncDeps> = {}) {
  const waits: number[] = [];
  let phone = Date.parse('2026-11-25T03:02:00.000Z');
  const sync = createSyncRunner({
    repo,
    api,
    now: () => phone,
    random: () => 0.5,
    isOnline: () => true,
    schedule: (_run, ms) => {
      waits.push(ms);
      return () => undefined;
    },
    ...overrides,
  });
  return { sync, waits, tick: (ms: number) => (phone += ms) };
}

async function queueNotes(repo: ReturnType<typeof freshRepo>, count: number) {
  for (let i = 0; i < count; i += 1)
    await repo.enqueue({ kind: 'note', ticketId: 'tkt-1', text: `note ${i}` }, { now: 1_000 + i });
}

describe('sync runner', () => {
  it('sends the queue in order in batches of 50, each item once, then reads the snapshot and the clock offset', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 120);
    const { api, applied, batches } = server();
    const { sync } = runner(repo, api);

    const report = await sync.run();

    expect(report).toMatchObject({ sent: 120, rejected: 0, problem: null, pulled: true });
    expect(batches).toEqual([50, 50, 20]);
    expect(applied.map((item) => (item.action.kind === 'note' ? item.action.text : ''))).toEqual(
      Array.from({ length: 120 }, (_, i) => `note ${i}`),
    );
    const data = await repo.load();
    expect(data.queued).toEqual([]);
    expect(data.snapshot.tickets.map((t) => t.id)).toEqual(['tkt-1']);
    // The phone runs 2 minutes ahead of the server.
    expect(data.meta.clockOffsetMs).toBe(120_000);
  });

  it('reads the next batch while one is on its way, yet sends one request at a time and in order', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 120);
    const server1 = server();
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const readsInFlight: number[] = [];
    const api: FieldApi = {
      ...server1.api,
      async outbox(items) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        calls += 1;
        // Queued while the first batch is on its way.
        if (calls === 1)
          await repo.enqueue({ kind: 'note', ticketId: 'tkt-1', text: 'late' }, { now: 5_000 });
        await new Promise((resolve) => setTimeout(resolve, 5));
        // The second answer leaves its last 10 items out: they go again first.
        const answer = await server1.api.outbox(calls === 2 ? items.slice(0, 40) : items);
        inFlight -= 1;
        return answer;
      },
    };
    const watched = {
      ...repo,
      peek: (limit: number) => {
        if (inFlight > 0) readsInFlight.push(limit);
        return repo.peek(limit);
      },
    };
    const { sync } = runner(watched, api);

    const report = await sync.run();

    expect(report).toMatchObject({ sent: 121, problem: null });
    expect(most).toBe(1);
    expect(readsInFlight.length).toBeGreaterThan(0);
    expect(server1.applied.map((item) => (item.action.kind === 'note' ? item.action.text : ''))).toEqual([
      ...Array.from({ length: 120 }, (_, i) => `note ${i}`),
      'late',
    ]);
    expect(await repo.count()).toBe(0);
  });

  it('keeps the queue through 5xx answers and timeouts, retrying later each time, and delivers each item once', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 3);
    const { api, applied } = server({ failures: ['500', 'timeoutAfterApplying', '500'] });
    const { sync, waits } = runner(repo, api);

    const first = await sync.run();
    expect(first.problem).toBe('server');
    expect(await repo.count()).toBe(3);
    await sync.run();
    await sync.run();
    const last = await sync.run();

    expect(last).toMatchObject({ problem: null, pulled: true });
    expect(waits).toEqual([1_500, 3_000, 6_000]);
    expect(sync.attempts()).toBe(0);
    expect(applied).toHaveLength(3);
    expect(new Set(applied.map((item) => item.clientId)).size).toBe(3);
    expect(await repo.count()).toBe(0);
  });

  it('backs off to 60 s after server errors but keeps looking every few seconds while the network fails', async () => {
    const repo = freshRepo();
    await repo.enqueue({ kind: 'note', ticketId: 'tkt-1', text: 'waiting' }, { now: 1_000 });
    const serverDown: FieldApi = {
      outbox: async () => {
        throw new ApiError('http', 'boom', 503);
      },
      snapshot: async () => snapshot,
    };
    const noNetwork: FieldApi = {
      outbox: async () => {
        throw new ApiError('network', 'Failed to fetch');
      },
      snapshot: async () => snapshot,
    };
    const down = runner(repo, serverDown);
    for (let i = 0; i < 8; i++) await down.sync.run();
    expect(down.waits).toEqual([1_500, 3_000, 6_000, 12_000, 24_000, 45_000, 45_000, 45_000]);
    const cut = runner(repo, noNetwork);
    for (let i = 0; i < 8; i++) {
      const report = await cut.sync.run();
      expect(report.problem).toBe('offline');
    }
    expect(cut.waits).toEqual([1_500, 3_000, 6_000, 6_000, 6_000, 6_000, 6_000, 6_000]);
  });

  it('stops at a 401, asks to sign in again and keeps the whole queue without a retry timer', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 2);
    const { api, applied } = server({ failures: ['401'] });
    const { sync, waits } = runner(repo, api);

    const report = await sync.run();

    expect(report).toMatchObject({ problem: 'auth', pulled: false, retryAt: null });
    expect(waits).toEqual([]);
    expect(applied).toEqual([]);
    expect(await repo.count()).toBe(2);
  });

  it('removes refused items from the queue and keeps the server’s words to show', async () => {
    const repo = freshRepo();
    await repo.enqueue({ kind: 'accept', ticketId: 'tkt-1' }, { now: 1 });
    await repo.enqueue({ kind: 'confirm', ticketId: 'tkt-1', method: 'code', code: '000000' }, { now: 2 });
    await repo.enqueue({ kind: 'note', ticketId: 'tkt-1', text: 'ok' }, { now: 3 });
    const { api, applied } = server({
      reject: (item) => (item.action.kind === 'confirm' ? '确认码不正确' : null),
    });
    const { sync } = runner(repo, api);

    const report = await sync.run();

    expect(report).toMatchObject({ sent: 2, rejected: 1 });
    expect(applied.map((item) => item.action.kind)).toEqual(['accept', 'note']);
    const data = await repo.load();
    expect(data.queued).toEqual([]);
    expect(data.rejected.map((r) => [r.action.kind, r.message])).toEqual([['confirm', '确认码不正确']]);
  });

  it('finds the one item of a batch the server cannot read, refuses it, and sends the rest', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 3);
    const { api, applied, batches } = server({ failures: ['400'] });
    const { sync } = runner(repo, api);

    const report = await sync.run();

    expect(batches[0]).toBe(3);
    expect(report.problem).toBeNull();
    expect(applied).toHaveLength(3);
  });

  it('offline, it sends nothing and plans no timer (the online event brings it back)', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 1);
    const { api, batches } = server();
    const { sync, waits } = runner(repo, api, { isOnline: () => false });

    const report = await sync.run();

    expect(report.problem).toBe('offline');
    expect(batches).toEqual([]);
    expect(waits).toEqual([]);
    expect(await repo.count()).toBe(1);
  });

  it('holds the outbox lock while it sends', async () => {
    const repo = freshRepo();
    await queueNotes(repo, 1);
    const { api } = server();
    const held: string[] = [];
    const { sync } = runner(repo, api, {
      lock: async (name, work) => {
        held.push(name);
        return work();
      },
    });
    await sync.run();
    expect(held).toEqual(['sitecall-field-outbox']);
  });
});
