/**
 * The field outbox's store: one receipt per applied or rejected outbox item (the exactly-once record,
 * written in the same transaction as the change it records), the confirmation code of a resolved ticket,
 * and customer signatures. docs/data-model.md has the access patterns; ./keys.ts the conventions.
 */
import type { EntityItem } from 'electrodb';
import { documents, tableName } from '../lib/store.ts';
import { Entity, Service } from './electrodb.ts';
import { primary, SERVICE, ttl } from './keys.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;

/** How long a receipt is kept: far longer than a phone keeps an unsent item. */
export const RECEIPT_DAYS = 365;

/**
 * One outbox item that was applied or rejected, by the engineer and the item's client id: a repeat of
 * the client id answers `duplicate` with this result and writes nothing.
 */
export const fieldReceipt = new Entity(
  {
    model: { entity: 'fieldReceipt', version: '1', service: SERVICE },
    attributes: {
      staffId: readOnlyString,
      clientId: readOnlyString,
      kind: readOnlyString,
      status: { type: ['applied', 'rejected'] as const, required: true, readOnly: true },
      code: { type: 'string', readOnly: true },
      field: { type: 'string', readOnly: true },
      /** The message of a rejection in both languages, so a repeat answers in the caller's. */
      message: { type: 'any', readOnly: true },
      /** The ticket or visit the item was about. */
      objectId: { type: 'string', readOnly: true },
      createdAt: readOnlyString,
      expiresAt: ttl,
    },
    indexes: {
      byClientId: primary(['staffId', 'clientId'], []),
    },
  },
  { table: tableName, client: documents },
);

/**
 * The customer confirmation code of a resolved ticket (functions/field/confirmation.ts says why it is
 * kept as it is); `attempts` counts wrong entries. Replaced when the ticket is resolved again.
 */
export const confirmationCode = new Entity(
  {
    model: { entity: 'confirmationCode', version: '1', service: SERVICE },
    attributes: {
      ticketId: readOnlyString,
      companyId: readOnlyString,
      code: readOnlyString,
      attempts: { type: 'number', required: true, default: 0 },
      createdAt: readOnlyString,
    },
    indexes: {
      byTicket: primary(['ticketId'], []),
    },
  },
  { table: tableName, client: documents },
);

/** A customer's signature (PNG data URL, ≤ 48 KB) of one confirmation, by ticket and outbox item. */
export const fieldSignature = new Entity(
  {
    model: { entity: 'fieldSignature', version: '1', service: SERVICE },
    attributes: {
      ticketId: readOnlyString,
      clientId: readOnlyString,
      companyId: readOnlyString,
      signerName: readOnlyString,
      png: readOnlyString,
      createdAt: readOnlyString,
    },
    indexes: {
      byTicket: primary(['ticketId'], ['clientId']),
    },
  },
  { table: tableName, client: documents },
);

export type FieldReceipt = EntityItem<typeof fieldReceipt>;
export type ConfirmationCodeItem = EntityItem<typeof confirmationCode>;

export async function getReceipt(staffId: string, clientId: string): Promise<FieldReceipt | undefined> {
  const { data } = await fieldReceipt.get({ staffId, clientId }).go({ consistent: true });
  return data ?? undefined;
}

export function receiptItem(input: Omit<FieldReceipt, 'expiresAt'>, now: Date): FieldReceipt {
  return { ...input, expiresAt: Math.floor(now.getTime() / 1000) + RECEIPT_DAYS * 86_400 };
}

export const field = new Service(
  { fieldReceipt, confirmationCode, fieldSignature },
  { table: tableName, client: documents },
);

type Writer = Parameters<typeof field.transaction.write>[0];
export type FieldEntities = Parameters<Writer>[0];
type Commit = ReturnType<Writer>[number];

/** Transaction items built from this module's entities, for another module's transaction. */
export function fieldCommits(build: (e: FieldEntities) => Commit[]): object[] {
  return field.transaction.write(build).params().TransactItems as object[];
}

/** The receipt as one item of a transaction: refused when the client id was recorded before. */
export function receiptCommit(receipt: FieldReceipt): object {
  return fieldCommits((e) => [e.fieldReceipt.create(receipt).commit()])[0] as object;
}

/** Records a receipt alone (a rejection); false when the client id was recorded before. */
export async function saveReceiptAlone(receipt: FieldReceipt): Promise<boolean> {
  const result = await field.transaction.write((e) => [e.fieldReceipt.create(receipt).commit()]).go();
  if (!result.canceled) return true;
  if ((result.data as readonly { code?: string }[])[0]?.code === 'ConditionalCheckFailed') return false;
  throw new Error(`receipt not saved: ${String((result.data as readonly { code?: string }[])[0]?.code)}`);
}

/**
 * A wrong confirmation code: the receipt and one more attempt, together. `duplicate` when the client id
 * was recorded before, `raced` when another entry counted an attempt first.
 */
export async function saveWrongCode(
  receipt: FieldReceipt,
  ticketId: string,
  attemptsBefore: number,
): Promise<'saved' | 'duplicate' | 'raced'> {
  const result = await field.transaction
    .write((e) => [
      e.fieldReceipt.create(receipt).commit(),
      e.confirmationCode
        .patch({ ticketId })
        .set({ attempts: attemptsBefore + 1 })
        .where(({ attempts }, { eq }) => eq(attempts, attemptsBefore))
        .commit(),
    ])
    .go();
  if (!result.canceled) return 'saved';
  const codes = (result.data as readonly { code?: string }[]).map((d) => d.code);
  if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
  if (codes[1] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return 'raced';
  throw new Error(`wrong code not recorded: ${JSON.stringify(codes)}`);
}

export async function getConfirmationCode(ticketId: string): Promise<ConfirmationCodeItem | undefined> {
  const { data } = await confirmationCode.get({ ticketId }).go({ consistent: true });
  return data ?? undefined;
}

export function confirmationCodeCommit(item: ConfirmationCodeItem): object {
  return fieldCommits((e) => [e.confirmationCode.put(item).commit()])[0] as object;
}

export function signatureCommit(item: EntityItem<typeof fieldSignature>): object {
  return fieldCommits((e) => [e.fieldSignature.create(item).commit()])[0] as object;
}

export async function signaturesOfTicket(ticketId: string) {
  const { data } = await fieldSignature.query.byTicket({ ticketId }).go({ pages: 'all' });
  return data;
}
