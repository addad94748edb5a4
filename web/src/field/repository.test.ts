import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openFieldDb } from './db';
import { snapshot } from './fixtures/snapshot';
import { fieldRepository } from './repository';

let dbs = 0;
function freshRepository() {
  dbs += 1;
  const name = `field-repo-${dbs}`;
  const opened = openFieldDb(name);
  return { repo: fieldRepository(() => opened), reopen: () => fieldRepository(() => openFieldDb(name)) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fieldRepository', () => {
  it('writes everything the engineer did with strict durability', async () => {
    const { repo } = freshRepository();
    const writes: { mode: string; durability: string }[] = [];
    const original = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      ...args: Parameters<IDBDatabase['transaction']>
    ) {
      const tx = original.apply(this, args);
      writes.push({ mode: tx.mode, durability: tx.durability });
      return tx;
    });

    await repo.enqueue({ kind: 'accept', ticketId: 'tkt-1' }, { now: Date.now() });
    await repo.saveAnswer({ visitId: 'vis-1', deviceId: 'dev-1', itemId: 'ha' }, true, { now: Date.now() });
    const [first] = await repo.peek(1);
    await repo.settle(first ? [first] : [], []);
    await repo.replaceSnapshot(snapshot, { engineer: snapshot.engineer, lastSyncAt: 1, clockOffsetMs: 0 });

    const readwrite = writes.filter((w) => w.mode === 'readwrite');
    expect(readwrite.length).toBeGreaterThanOrEqual(4);
    expect(readwrite.every((w) => w.durability === 'strict')).toBe(true);
  });

  it('keeps the queue in the order the actions were made, each with its own client id, time and offset', async () => {
    const { repo } = freshRepository();
    await repo.replaceSnapshot(snapshot, {
      engineer: snapshot.engineer,
      lastSyncAt: 1,
      clockOffsetMs: 150_000,
    });
    const at = Date.parse('2026-11-25T03:10:00.000Z');
    await repo.enqueue({ kind: 'accept', ticketId: 'tkt-1' }, { now: at });
    await repo.enqueue({ kind: 'depart', ticketId: 'tkt-1' }, { now: at + 1000 });
    await repo.enqueue(
      { kind: 'checkIn', ticketId: 'tkt-1', position: null, positionError: 'denied' },
      { now: at + 2000 },
    );

    const items = await repo.peek(10);
    expect(items.map((item) => item.action.kind)).toEqual(['accept', 'depart', 'checkIn']);
    expect(items.map((item) => item.recordedAt)).toEqual([
      '2026-11-25T03:10:00.000Z',
      '2026-11-25T03:10:01.000Z',
      '2026-11-25T03:10:02.000Z',
    ]);
    expect(items.every((item) => item.clockOffsetMs === 150_000)).toBe(true);
    expect(new Set(items.map((item) => item.clientId)).size).toBe(3);
    for (const item of items) expect(item.clientId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a second item with the same client id', async () => {
    const { repo } = freshRepository();
    const newId = () => '11111111-1111-4111-8111-111111111111';
    await repo.enqueue({ kind: 'accept', ticketId: 'tkt-1' }, { now: 1, newId });
    await expect(repo.enqueue({ kind: 'depart', ticketId: 'tkt-1' }, { now: 2, newId })).rejects.toThrow();
    expect(await repo.count()).toBe(1);
  });

  it('survives a restart: the queue, the drafts and the snapshot are read back as they were', async () => {
    const { repo, reopen } = freshRepository();
    await repo.replaceSnapshot(snapshot, { engineer: snapshot.engineer, lastSyncAt: 5, clockOffsetMs: 0 });
    await repo.saveAnswer({ visitId: 'vis-1', deviceId: 'dev-1', itemId: 'sessions' }, 42, { now: 10 });
    const again = await reopen().load();
    expect(again.snapshot.tickets.map((t) => t.id)).toEqual(['tkt-1']);
    expect(again.drafts.map((d) => [d.itemId, d.value])).toEqual([['sessions', 42]]);
    expect(again.queued.map((q) => q.action)).toEqual([
      { kind: 'answer', visitId: 'vis-1', deviceId: 'dev-1', itemId: 'sessions', value: 42 },
    ]);
    expect(again.meta.lastSyncAt).toBe(5);
  });

  it('keeps refused items to show and drops a draft once its answer has been sent', async () => {
    const { repo } = freshRepository();
    await repo.saveAnswer({ visitId: 'vis-1', deviceId: 'dev-1', itemId: 'ha' }, true, { now: 1 });
    await repo.saveAnswer({ visitId: 'vis-1', deviceId: 'dev-1', itemId: 'sessions' }, 3, { now: 2 });
    const [ha, sessions] = await repo.peek(2);
    if (!ha || !sessions) throw new Error('two items expected');
    await repo.settle(
      [ha],
      [{ item: ha, result: { clientId: ha.clientId, status: 'rejected', message: '巡检已提交' } }],
    );
    await repo.replaceSnapshot(snapshot, { engineer: snapshot.engineer, lastSyncAt: 3, clockOffsetMs: 0 });

    const data = await repo.load();
    expect(data.rejected.map((r) => [r.clientId, r.message])).toEqual([[ha.clientId, '巡检已提交']]);
    expect(data.drafts.map((d) => d.itemId)).toEqual(['sessions']);
    await repo.dismissRejected(ha.clientId);
    expect((await repo.load()).rejected).toEqual([]);
  });
});
