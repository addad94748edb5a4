/**
 * Reads and writes of the field database (db.ts): the one module that touches its stores. Every write that
 * records something the engineer did is `durability: 'strict'`, and an answer's draft and its outbox item
 * are written in one transaction: both or neither.
 */
import type { AnswerValue, FieldAction, FieldSnapshot } from '../../../shared/field/schemas.ts';
import {
  answerKey,
  type DraftAnswer,
  type FieldDb,
  type QueuedItem,
  type RejectedItem,
  type SyncMeta,
} from './db';
import type { ItemResult } from './outbox';

const SYNC = 'sync';
const REJECTED = 'rejected';

export const EMPTY_META: SyncMeta = { engineer: null, lastSyncAt: null, clockOffsetMs: null };

export interface LocalData {
  snapshot: Pick<FieldSnapshot, 'tickets' | 'visits' | 'templates'>;
  queued: QueuedItem[];
  drafts: DraftAnswer[];
  meta: SyncMeta;
  rejected: RejectedItem[];
}

export interface EnqueueOptions {
  /** Phone time now (epoch ms). */
  now: number;
  /** A fresh clientId; default crypto.randomUUID(). */
  newId?: () => string;
}

const isMeta = (value: unknown): value is SyncMeta =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function fieldRepository(open: () => Promise<FieldDb>) {
  const newItem = (action: FieldAction, meta: SyncMeta, options: EnqueueOptions): QueuedItem => ({
    clientId: (options.newId ?? (() => crypto.randomUUID()))(),
    recordedAt: new Date(options.now).toISOString(),
    clockOffsetMs: meta.clockOffsetMs,
    action,
  });

  return {
    async load(): Promise<LocalData> {
      const db = await open();
      const tx = db.transaction(['tickets', 'visits', 'templates', 'outbox', 'answers', 'meta']);
      const [tickets, visits, templates, queued, drafts, meta, rejected] = await Promise.all([
        tx.objectStore('tickets').getAll(),
        tx.objectStore('visits').getAll(),
        tx.objectStore('templates').getAll(),
        tx.objectStore('outbox').getAll(),
        tx.objectStore('answers').getAll(),
        tx.objectStore('meta').get(SYNC),
        tx.objectStore('meta').get(REJECTED),
      ]);
      await tx.done;
      return {
        snapshot: { tickets, visits, templates },
        queued,
        drafts,
        meta: isMeta(meta) ? meta : EMPTY_META,
        rejected: Array.isArray(rejected) ? rejected : [],
      };
    },

    /** Queues one action with the phone's time and the last measured offset. */
    async enqueue(action: FieldAction, options: EnqueueOptions): Promise<QueuedItem> {
      const db = await open();
      const tx = db.transaction(['outbox', 'meta'], 'readwrite', { durability: 'strict' });
      const meta = await tx.objectStore('meta').get(SYNC);
      const item = newItem(action, isMeta(meta) ? meta : EMPTY_META, options);
      await Promise.all([tx.objectStore('outbox').add(item), tx.done]);
      return item;
    },

    /** An answer as typed: the draft (the form reopens with it) and its `answer` outbox item, together. */
    async saveAnswer(
      target: { visitId: string; deviceId: string; itemId: string },
      value: AnswerValue,
      options: EnqueueOptions,
    ): Promise<QueuedItem> {
      const db = await open();
      const tx = db.transaction(['answers', 'outbox', 'meta'], 'readwrite', { durability: 'strict' });
      const meta = await tx.objectStore('meta').get(SYNC);
      const item = newItem({ kind: 'answer', ...target, value }, isMeta(meta) ? meta : EMPTY_META, options);
      const draft: DraftAnswer = {
        key: answerKey(target.visitId, target.deviceId, target.itemId),
        ...target,
        value,
        savedAt: item.recordedAt,
      };
      await Promise.all([tx.objectStore('answers').put(draft), tx.objectStore('outbox').add(item), tx.done]);
      return item;
    },

    /** The oldest `limit` queued items, in order. */
    async peek(limit: number): Promise<QueuedItem[]> {
      const db = await open();
      return db.getAll('outbox', undefined, limit);
    },

    async count(): Promise<number> {
      return (await open()).count('outbox');
    },

    /**
     * The server answered for `done`: they leave the queue; `rejected` are kept to be shown; the clock offset
     * measured on that answer is kept too. One strict transaction (one flush to disk) per answered batch.
     */
    async settle(
      done: readonly QueuedItem[],
      rejected: readonly { item: QueuedItem; result: ItemResult }[],
      clockOffsetMs: number | null = null,
    ) {
      const db = await open();
      const tx = db.transaction(['outbox', 'meta'], 'readwrite', { durability: 'strict' });
      const outbox = tx.objectStore('outbox');
      const writes: Promise<unknown>[] = done.map((item) =>
        item.seq === undefined ? Promise.resolve() : outbox.delete(item.seq),
      );
      if (clockOffsetMs !== null) {
        const meta = await tx.objectStore('meta').get(SYNC);
        writes.push(
          tx.objectStore('meta').put({ ...(isMeta(meta) ? meta : EMPTY_META), clockOffsetMs }, SYNC),
        );
      }
      if (rejected.length > 0) {
        const shown = await tx.objectStore('meta').get(REJECTED);
        const list: RejectedItem[] = Array.isArray(shown) ? shown : [];
        for (const { item, result } of rejected)
          list.push({
            clientId: item.clientId,
            action: item.action,
            recordedAt: item.recordedAt,
            code: result.code ?? null,
            field: result.field ?? null,
            message: result.message ?? null,
          });
        writes.push(tx.objectStore('meta').put(list, REJECTED));
      }
      await Promise.all([...writes, tx.done]);
    },

    async dismissRejected(clientId: string): Promise<void> {
      const db = await open();
      const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
      const shown = await tx.store.get(REJECTED);
      const list = (Array.isArray(shown) ? shown : []).filter((entry) => entry.clientId !== clientId);
      await Promise.all([tx.store.put(list, REJECTED), tx.done]);
    },

    /** Remembers the latest clock offset (from any answer of the server). */
    async saveOffset(clockOffsetMs: number): Promise<void> {
      const db = await open();
      const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
      const meta = await tx.store.get(SYNC);
      await Promise.all([
        tx.store.put({ ...(isMeta(meta) ? meta : EMPTY_META), clockOffsetMs }, SYNC),
        tx.done,
      ]);
    },

    /**
     * A fresh snapshot replaces the old one whole. Drafts of answers that no longer wait in the outbox are
     * dropped: the server's answers now say the same.
     */
    async replaceSnapshot(snapshot: FieldSnapshot, meta: SyncMeta): Promise<void> {
      const db = await open();
      const tx = db.transaction(
        ['tickets', 'visits', 'templates', 'answers', 'outbox', 'meta'],
        'readwrite',
        {
          durability: 'strict',
        },
      );
      const tickets = tx.objectStore('tickets');
      const visits = tx.objectStore('visits');
      const templates = tx.objectStore('templates');
      const answers = tx.objectStore('answers');
      const [queued, drafts] = await Promise.all([tx.objectStore('outbox').getAll(), answers.getAll()]);
      const waiting = new Set(
        queued.flatMap((item) =>
          item.action.kind === 'answer'
            ? [answerKey(item.action.visitId, item.action.deviceId, item.action.itemId)]
            : [],
        ),
      );
      await Promise.all([tickets.clear(), visits.clear(), templates.clear()]);
      await Promise.all([
        ...snapshot.tickets.map((ticket) => tickets.put(ticket)),
        ...snapshot.visits.map((visit) => visits.put(visit)),
        ...snapshot.templates.map((template) => templates.put(template)),
        ...drafts.filter((draft) => !waiting.has(draft.key)).map((draft) => answers.delete(draft.key)),
        tx.objectStore('meta').put(meta, SYNC),
        tx.done,
      ]);
    },
  };
}

export type FieldRepository = ReturnType<typeof fieldRepository>;
