/**
 * The audit trail: every write to a business object records who, when, and each changed field before
 * and after, as an item written in the same transaction as the change (so there is no change without
 * its record, and no record of a change that failed). Readable per object, per company and per contract.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../lib/errors.ts';
import { type AuditRecordItem, auditRecord } from './entities.ts';

export interface Actor {
  kind: 'staff' | 'link' | 'system' | 'admin-cli';
  id: string;
}

export interface AuditInput {
  actor: Actor;
  at: Date;
  /** The entity's name, as in functions/store/entities.ts (`staff`, `sessionFamily`, …). */
  entity: string;
  entityId: string;
  action: string;
  companyId: string;
  contractId?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Bookkeeping fields and secrets: never worth recording, or never allowed into a record. */
const NOT_RECORDED = new Set(['version', 'updatedAt', 'tokenHash', 'codeHash', 'expiresAt']);

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export function changedFields(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}) {
  const changes: FieldChanges = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (NOT_RECORDED.has(field)) continue;
    const a = normalise(before[field]);
    const b = normalise(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[field] = { before: a, after: b };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Set) return [...value].sort();
  if (Array.isArray(value)) return [...value].sort();
  return value;
}

/**
 * Audit ids sort after every id this process issued before, so that two changes made one after the
 * other within the same millisecond keep their order in the trail (records sort by `at`, then id). A
 * process-wide sequence, then random bytes so that ids of different containers never collide.
 */
let auditSequence = 0;
function nextAuditId(): string {
  auditSequence = (auditSequence + 1) % 0xffffffff;
  return `${auditSequence.toString(16).padStart(8, '0')}${randomBytes(6).toString('hex')}`;
}

/** The audit item of one change, to be committed with it: `auditRecord.put(auditItem(…)).commit()`. */
export function auditItem(input: AuditInput) {
  const at = input.at.toISOString();
  const auditId = nextAuditId();
  return {
    entity: input.entity,
    entityId: input.entityId,
    auditId,
    at,
    action: input.action,
    actorKind: input.actor.kind,
    actorId: input.actor.id,
    companyId: input.companyId,
    ...(input.contractId === undefined
      ? {}
      : { contractId: input.contractId, contractOrder: `${at}#${auditId}` }),
    changes: changedFields(input.before, input.after),
  };
}

/**
 * Throws `conflict` when a transaction was cancelled because a condition failed (someone changed the
 * object since it was read). Any other cancellation is a fault of ours and becomes a 500.
 */
export function assertCommitted(result: { canceled: boolean; data: readonly { code?: string }[] }): void {
  if (!result.canceled) return;
  if (result.data.some((entry) => entry.code === 'ConditionalCheckFailed')) {
    throw new AppError('conflict', 'changed by someone else');
  }
  throw new Error(`transaction cancelled: ${JSON.stringify(result.data.map((entry) => entry.code))}`);
}

export type AuditRecord = Omit<AuditRecordItem, 'contractOrder'>;

/** The records of one object, newest first. */
export async function auditOfObject(entity: string, entityId: string, limit = 100): Promise<AuditRecord[]> {
  const { data } = await auditRecord.query.byEntity({ entity, entityId }).go({ order: 'desc', limit });
  return data.map(present);
}

/** The records of every object of a contract, newest first. */
export async function auditOfContract(contractId: string, limit = 100): Promise<AuditRecord[]> {
  const { data } = await auditRecord.query.byContract({ contractId }).go({ order: 'desc', limit });
  return data.map(present);
}

/** The records of a company, newest first. */
export async function auditOfCompany(companyId: string, limit = 100): Promise<AuditRecord[]> {
  const { data } = await auditRecord.query.byCompany({ companyId }).go({ order: 'desc', limit });
  return data.map(present);
}

function present(record: AuditRecordItem): AuditRecord {
  const { contractOrder: _order, ...rest } = record;
  return rest;
}
