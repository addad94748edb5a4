/**
 * The duty roster (值班) of a company: entries `{ from, to, contractId?, engineerId, managerId, note }`,
 * one item each in the company's partition (a roster is a handful of holidays and key events a year, so
 * a list reads the partition and filters). Each change is one transaction with its audit record.
 *
 * While an entry applies — the local date of the instant in the contract's zone within `from`…`to`,
 * both included — its engineer stands for tier 1 of an unassigned ticket and its manager for tier 2
 * (functions/timers/sms-notifier.ts). An entry of the ticket's contract comes before a company-wide one;
 * among entries alike, the one starting latest, then the one changed last.
 */
import type { EntityItem } from 'electrodb';
import { documents, tableName } from '../lib/store.ts';
import { type Actor, assertCommitted, auditItem } from './audit.ts';
import { Entity, Service } from './electrodb.ts';
import { auditRecord } from './entities.ts';
import { primary, SERVICE } from './keys.ts';
import { newId } from './staff.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;

export const dutyEntry = new Entity({
  model: { entity: 'dutyEntry', version: '1', service: SERVICE },
  attributes: {
    companyId: readOnlyString,
    dutyId: readOnlyString,
    /** Local dates (YYYY-MM-DD) in the contract's zone, both included. */
    from: { type: 'string', required: true },
    to: { type: 'string', required: true },
    /** Absent: every contract of the company. */
    contractId: { type: 'string' },
    engineerId: { type: 'string', required: true },
    managerId: { type: 'string', required: true },
    note: { type: 'string', required: true },
    createdAt: readOnlyString,
    updatedAt: { type: 'string', required: true },
    version: { type: 'number', required: true },
  },
  indexes: {
    byCompany: primary(['companyId'], ['dutyId']),
  },
});

const roster = new Service({ dutyEntry, auditRecord }, { table: tableName, client: documents });

export type DutyEntry = EntityItem<typeof dutyEntry>;

export interface DutyFields {
  from: string;
  to: string;
  contractId?: string | undefined;
  engineerId: string;
  managerId: string;
  note: string;
}

function audited(e: DutyEntry | DutyFields): Record<string, unknown> {
  return {
    from: e.from,
    to: e.to,
    contractId: e.contractId,
    engineerId: e.engineerId,
    managerId: e.managerId,
    note: e.note,
  };
}

type Writer = Parameters<typeof roster.transaction.write>[0];

/**
 * Writes a change to one entry with its audit record in one transaction: what changed from `before`
 * (none when created) to `after` (none when deleted), under the entry's company and contract.
 */
async function writeWithAudit(
  write: (d: Parameters<Writer>[0]['dutyEntry']) => ReturnType<Writer>[number],
  action: string,
  change: { before?: DutyEntry; after: DutyEntry } | { before: DutyEntry; after?: undefined },
  actor: Actor,
  now: Date,
): Promise<void> {
  const entry = change.after === undefined ? change.before : change.after;
  const result = await roster.transaction
    .write(({ dutyEntry: d, auditRecord: a }) => [
      write(d),
      a
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'dutyEntry',
            entityId: entry.dutyId,
            action,
            companyId: entry.companyId,
            ...(entry.contractId === undefined ? {} : { contractId: entry.contractId }),
            ...(change.before === undefined ? {} : { before: audited(change.before) }),
            ...(change.after === undefined ? {} : { after: audited(change.after) }),
          }),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
}

export async function getDuty(companyId: string, dutyId: string): Promise<DutyEntry | undefined> {
  const { data } = await dutyEntry.get({ companyId, dutyId }).go({ consistent: true });
  return data ?? undefined;
}

/** The company's entries overlapping `from`…`to` (either end open), soonest first. */
export async function dutyOfCompany(
  companyId: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<DutyEntry[]> {
  const { data } = await dutyEntry.query.byCompany({ companyId }).go({ consistent: true, pages: 'all' });
  return data
    .filter(
      (e) =>
        (range.from === undefined || e.to >= range.from) && (range.to === undefined || e.from <= range.to),
    )
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.dutyId < b.dutyId ? -1 : 1));
}

export async function createDuty(
  companyId: string,
  fields: DutyFields,
  actor: Actor,
  now: Date,
): Promise<DutyEntry> {
  const at = now.toISOString();
  const entry: DutyEntry = {
    companyId,
    dutyId: newId(),
    ...fields,
    ...(fields.contractId === undefined ? {} : { contractId: fields.contractId }),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if (fields.contractId === undefined) delete entry.contractId;
  await writeWithAudit((d) => d.create(entry).commit(), 'create', { after: entry }, actor, now);
  return entry;
}

/** Replaces an entry's fields; `conflict` when the stored version is not `current.version`. */
export async function updateDuty(
  current: DutyEntry,
  fields: DutyFields,
  actor: Actor,
  now: Date,
): Promise<DutyEntry> {
  const next: DutyEntry = {
    companyId: current.companyId,
    dutyId: current.dutyId,
    createdAt: current.createdAt,
    from: fields.from,
    to: fields.to,
    engineerId: fields.engineerId,
    managerId: fields.managerId,
    note: fields.note,
    ...(fields.contractId === undefined ? {} : { contractId: fields.contractId }),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  await writeWithAudit(
    (d) =>
      d
        .put(next)
        .where(({ version }, { eq }) => eq(version, current.version))
        .commit(),
    'update',
    { before: current, after: next },
    actor,
    now,
  );
  return next;
}

/** Deletes an entry; `conflict` when the stored version is not `current.version`. */
export async function deleteDuty(current: DutyEntry, actor: Actor, now: Date): Promise<void> {
  await writeWithAudit(
    (d) =>
      d
        .delete({ companyId: current.companyId, dutyId: current.dutyId })
        .where(({ version }, { eq }) => eq(version, current.version))
        .commit(),
    'delete',
    { before: current },
    actor,
    now,
  );
}

/** The local calendar date of an instant in a zone, `2026-10-01`. */
export function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** The entry that applies to a contract at a local date, by the precedence in the header, or undefined. */
export function applyingEntry(
  entries: readonly DutyEntry[],
  contractId: string,
  date: string,
): DutyEntry | undefined {
  const candidates = entries.filter(
    (e) => e.from <= date && date <= e.to && (e.contractId === undefined || e.contractId === contractId),
  );
  candidates.sort((a, b) => {
    const specific = Number(b.contractId !== undefined) - Number(a.contractId !== undefined);
    if (specific !== 0) return specific;
    if (a.from !== b.from) return a.from < b.from ? 1 : -1;
    return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
  });
  return candidates[0];
}

/**
 * The notifier's lookup (functions/timers/sms-notifier.ts `DutyLookup`): who is on duty for a ticket at
 * an instant, in the contract's zone, or undefined when no entry applies.
 */
export async function dutyOnCall(
  ticket: { companyId: string; contractId: string },
  at: string,
  timeZone: string,
): Promise<{ engineerId: string; managerId: string } | undefined> {
  const date = localDate(at, timeZone);
  const entry = applyingEntry(
    await dutyOfCompany(ticket.companyId, { from: date, to: date }),
    ticket.contractId,
    date,
  );
  return entry === undefined ? undefined : { engineerId: entry.engineerId, managerId: entry.managerId };
}
