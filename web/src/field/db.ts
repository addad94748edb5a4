/**
 * The engineer's data on the phone, in one IndexedDB database (`sitecall-field`):
 *
 * - `tickets`, `visits`, `templates`: the last snapshot from `GET /api/field/sync`, replaced whole on every
 *   successful sync (what the server no longer sends is gone from the phone too).
 * - `outbox`: every action and answer, in the order it was made (auto-increment `seq`), until the server
 *   acknowledges it. Written with `durability: 'strict'`: on disk before the UI says "saved".
 * - `answers`: the inspection answers as typed, per field, so a form reopens as it was left.
 * - `meta`: the last sync (time, clock offset, engineer), the last error and the rejected actions to show.
 *
 * Works in the page and in the service worker (no DOM). Only the field area's repository and sync runner use
 * it; components never do.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type {
  AnswerValue,
  FieldAction,
  FieldTicket,
  InspectionTemplate,
  InspectionVisit,
} from '../../../shared/field/schemas.ts';

/** One queued action as kept on the phone; `seq` is the order it was made in. */
export interface QueuedItem {
  seq?: number;
  /** crypto.randomUUID(), made once when queued: the server applies each id exactly once. */
  clientId: string;
  /** The phone's time when the action was made (ISO). */
  recordedAt: string;
  /** Phone minus server clock (ms) measured at the last sync, null when never measured. */
  clockOffsetMs: number | null;
  action: FieldAction;
}

/** An answer as typed, keyed `visitId/deviceId/itemId`. */
export interface DraftAnswer {
  key: string;
  visitId: string;
  deviceId: string;
  itemId: string;
  value: AnswerValue;
  savedAt: string;
}

export interface SyncMeta {
  engineer: { id: string; name: string } | null;
  /** Phone time (epoch ms) of the last snapshot read from the server. */
  lastSyncAt: number | null;
  clockOffsetMs: number | null;
}

/** An action the server refused: removed from the queue and shown to the engineer. */
export interface RejectedItem {
  clientId: string;
  action: FieldAction;
  recordedAt: string;
  code: string | null;
  field: string | null;
  message: string | null;
}

export interface FieldDbSchema extends DBSchema {
  tickets: { key: string; value: FieldTicket };
  visits: { key: string; value: InspectionVisit };
  templates: { key: string; value: InspectionTemplate };
  outbox: { key: number; value: QueuedItem; indexes: { byClientId: string } };
  answers: { key: string; value: DraftAnswer };
  meta: { key: string; value: SyncMeta | RejectedItem[] };
}

export const FIELD_DB_NAME = 'sitecall-field';
const FIELD_DB_VERSION = 1;

export type FieldDb = IDBPDatabase<FieldDbSchema>;

export function openFieldDb(name = FIELD_DB_NAME): Promise<FieldDb> {
  const opened: Promise<FieldDb> = openDB<FieldDbSchema>(name, FIELD_DB_VERSION, {
    // One step per version, run in order from the version the device has.
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('tickets', { keyPath: 'id' });
        db.createObjectStore('visits', { keyPath: 'id' });
        db.createObjectStore('templates', { keyPath: 'id' });
        const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        outbox.createIndex('byClientId', 'clientId', { unique: true });
        db.createObjectStore('answers', { keyPath: 'key' });
        db.createObjectStore('meta');
      }
    },
    // A newer version in another tab wants to upgrade: let it; this one reopens on the next call.
    blocking() {
      void opened.then((db) => db.close());
      if (shared === opened) shared = null;
    },
  });
  return opened;
}

let shared: Promise<FieldDb> | null = null;

/** The app's one connection, opened on first use. */
export function fieldDb(): Promise<FieldDb> {
  const current =
    shared ??
    openFieldDb().catch((error: unknown) => {
      shared = null;
      throw error;
    });
  shared = current;
  return current;
}

/** How many actions wait to be sent (the sign-out button asks). */
export async function pendingCount(db?: FieldDb): Promise<number> {
  return (db ?? (await fieldDb())).count('outbox');
}

export const answerKey = (visitId: string, deviceId: string, itemId: string) =>
  `${visitId}/${deviceId}/${itemId}`;
