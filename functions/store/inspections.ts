/**
 * Inspection visits (巡检) and their forms. A visit is one site of a contract in one quarter, assigned
 * to one engineer, listing the site's devices that have a template; its id is derived from contract,
 * quarter and site, so creating it twice makes one. A form holds one device's answers (created on the
 * first answer) and is submitted once. docs/data-model.md has the access patterns.
 */
import { createHash } from 'node:crypto';
import type { EntityItem } from 'electrodb';
import { documents, tableName } from '../lib/store.ts';
import { type Actor, auditItem } from './audit.ts';
import { Entity, Service } from './electrodb.ts';
import { auditRecord } from './entities.ts';
import { fieldReceipt } from './field.ts';
import { GSI1, GSI2, primary, SERVICE, secondary, version } from './keys.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;
const requiredString = { type: 'string', required: true } as const;

export const inspectionVisit = new Entity(
  {
    model: { entity: 'inspectionVisit', version: '1', service: SERVICE },
    attributes: {
      visitId: readOnlyString,
      companyId: readOnlyString,
      contractId: readOnlyString,
      contractName: requiredString,
      timeZone: requiredString,
      /** `YYYY-Qn`. */
      quarter: readOnlyString,
      siteId: readOnlyString,
      /** The site as the engineer needs it offline: name, address, lat, lon, radiusM. */
      site: { type: 'any', required: true },
      dueDate: requiredString,
      engineerId: requiredString,
      /** Per device: deviceId, category, model, serial, templateId — fixed at creation. */
      devices: { type: 'any', required: true },
      state: { type: ['open', 'submitted'] as const, required: true },
      /** The devices whose form is submitted: the visit is `submitted` when it holds them all. */
      submittedDevices: { type: 'set', items: 'string' },
      submittedAt: { type: 'string' },
      createdAt: readOnlyString,
      createdBy: readOnlyString,
      updatedAt: requiredString,
      version,
    },
    indexes: {
      byId: { ...primary(['visitId'], []), collection: 'visit' },
      /** Visits of a contract, by quarter and site. */
      byContract: secondary(GSI1, ['contractId'], ['quarter', 'siteId']),
      /** Visits of an engineer, by due date. */
      byEngineer: secondary(GSI2, ['engineerId'], ['dueDate', 'visitId']),
    },
  },
  { table: tableName, client: documents },
);

export const inspectionForm = new Entity(
  {
    model: { entity: 'inspectionForm', version: '1', service: SERVICE },
    attributes: {
      visitId: readOnlyString,
      deviceId: readOnlyString,
      companyId: readOnlyString,
      contractId: readOnlyString,
      engineerId: readOnlyString,
      templateId: readOnlyString,
      /** itemId → value (boolean, number, string or null). */
      answers: { type: 'any', required: true },
      submitted: { type: 'boolean', required: true },
      submittedAt: { type: 'string' },
      /** Items that failed their check at submission, and the fault tickets they opened. */
      failures: { type: 'any' },
      /**
       * The order in the device's history, `submittedAt#visitId` once submitted (`~#visitId` before);
       * ElectroDB wants every composite of a conditional index on each write, and the condition keeps
       * forms that are not submitted out of `byDevice`.
       */
      deviceOrder: { type: 'string', required: true },
      createdAt: readOnlyString,
      updatedAt: requiredString,
      version,
    },
    indexes: {
      byVisit: { ...primary(['visitId'], ['deviceId']), collection: 'visit' },
      /** Submitted forms of a device, oldest first (sparse: only submitted forms). */
      byDevice: {
        ...secondary(GSI1, ['deviceId'], ['deviceOrder']),
        condition: (attrs: Record<string, unknown>) => attrs.submitted === true,
      },
    },
  },
  { table: tableName, client: documents },
);

export const inspections = new Service(
  { inspectionVisit, inspectionForm, fieldReceipt, auditRecord },
  { table: tableName, client: documents },
);

export type InspectionVisitItem = EntityItem<typeof inspectionVisit>;
export type InspectionFormItem = EntityItem<typeof inspectionForm>;

/** The id of a contract's visit to a site in a quarter: the same inputs always give the same visit. */
export function visitIdOf(contractId: string, quarter: string, siteId: string): string {
  return `v-${createHash('sha256').update(`${contractId}\n${quarter}\n${siteId}`).digest('base64url').slice(0, 22)}`;
}

/** Creates the visit, with its audit record, unless it exists; answers whether it was created now. */
export async function createVisitOnce(item: InspectionVisitItem, actor: Actor, now: Date): Promise<boolean> {
  const result = await inspections.transaction
    .write((e) => [
      e.inspectionVisit.create(item).commit(),
      e.auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'inspectionVisit',
            entityId: item.visitId,
            action: 'create',
            companyId: item.companyId,
            contractId: item.contractId,
            after: {
              quarter: item.quarter,
              siteId: item.siteId,
              dueDate: item.dueDate,
              engineerId: item.engineerId,
              devices: (item.devices as { deviceId: string }[]).map((d) => d.deviceId),
            },
          }),
        )
        .commit(),
    ])
    .go();
  if (!result.canceled) return true;
  if ((result.data as readonly { code?: string }[])[0]?.code === 'ConditionalCheckFailed') return false;
  throw new Error(`visit not created: ${String((result.data as readonly { code?: string }[])[0]?.code)}`);
}

export async function visitsOfContract(contractId: string): Promise<InspectionVisitItem[]> {
  const { data } = await inspectionVisit.query.byContract({ contractId }).go({ pages: 'all' });
  return data;
}

export async function visitsOfEngineer(engineerId: string): Promise<InspectionVisitItem[]> {
  const { data } = await inspectionVisit.query.byEngineer({ engineerId }).go({ pages: 'all' });
  return data;
}

/** A visit and its forms: one query of the visit's partition. */
export async function getVisitWithForms(
  visitId: string,
): Promise<{ visit: InspectionVisitItem; forms: InspectionFormItem[] } | undefined> {
  const { data } = await inspections.collections.visit({ visitId }).go({ consistent: true, pages: 'all' });
  const visit = data.inspectionVisit[0];
  if (visit === undefined) return undefined;
  return { visit, forms: data.inspectionForm };
}

/** A visit and one device's form (if any): two consistent reads, not the visit's whole partition. */
export async function getVisitAndForm(
  visitId: string,
  deviceId: string,
): Promise<{ visit: InspectionVisitItem; forms: InspectionFormItem[] } | undefined> {
  const [visit, form] = await Promise.all([
    inspectionVisit.get({ visitId }).go({ consistent: true }),
    inspectionForm.get({ visitId, deviceId }).go({ consistent: true }),
  ]);
  if (visit.data === null) return undefined;
  return { visit: visit.data, forms: form.data === null ? [] : [form.data] };
}

export async function submittedFormsOfDevice(deviceId: string): Promise<InspectionFormItem[]> {
  const { data } = await inspectionForm.query.byDevice({ deviceId }).go({ pages: 'all' });
  return data;
}

type Writer = Parameters<typeof inspections.transaction.write>[0];
type Entities = Parameters<Writer>[0];
type Commit = ReturnType<Writer>[number];

export type SaveOutcome = 'saved' | 'duplicate' | 'stale';

/**
 * Saves a form (new: must not exist; else conditioned on the version read) with the outbox receipts
 * and, when given, the visit (conditioned on its version), in one transaction (at most 98 receipts).
 */
export async function saveForm(input: {
  form: InspectionFormItem;
  previousVersion: number | null;
  /** The outbox receipts of the items this save records (one, or a run of answers). */
  receipts: readonly EntityItem<typeof fieldReceipt>[];
  /** A submission: the device joins the visit's submitted devices; `complete` when it is the last. */
  submission?: { visitId: string; previousVersion: number; deviceId: string; complete: boolean; at: string };
}): Promise<SaveOutcome> {
  const { form, previousVersion, receipts, submission: sub } = input;
  const build = (e: Entities): Commit[] => [
    ...receipts.map((receipt) => e.fieldReceipt.create(receipt).commit()),
    previousVersion === null
      ? e.inspectionForm.create(form).commit()
      : e.inspectionForm
          .put(form)
          .where(({ version: v }, { eq }) => eq(v, previousVersion))
          .commit(),
    ...(sub === undefined
      ? []
      : [
          e.inspectionVisit
            .patch({ visitId: sub.visitId })
            .add({ submittedDevices: [sub.deviceId] })
            .set({
              version: sub.previousVersion + 1,
              updatedAt: sub.at,
              ...(sub.complete ? { state: 'submitted' as const, submittedAt: sub.at } : {}),
            })
            .where(({ version: v }, { eq }) => eq(v, sub.previousVersion))
            .commit(),
        ]),
  ];
  const result = await inspections.transaction.write(build).go();
  if (!result.canceled) return 'saved';
  const codes = (result.data as readonly { code?: string }[]).map((d) => d.code);
  if (codes.slice(0, receipts.length).includes('ConditionalCheckFailed')) return 'duplicate';
  if (codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')) return 'stale';
  throw new Error(`form not saved: ${JSON.stringify(codes)}`);
}

/** Visits by id, consistent reads at the same time; the ones that do not exist are left out. */
export async function getVisits(visitIds: readonly string[]): Promise<InspectionVisitItem[]> {
  const read = await Promise.all(
    visitIds.map((visitId) => inspectionVisit.get({ visitId }).go({ consistent: true })),
  );
  return read.flatMap(({ data }) => (data === null ? [] : [data]));
}

/** Forms by visit and device, in one consistent BatchGetItem; undefined when some were left unread. */
export async function getForms(
  keys: readonly { visitId: string; deviceId: string }[],
): Promise<InspectionFormItem[] | undefined> {
  if (keys.length === 0) return [];
  const { data, unprocessed } = await inspectionForm.get([...keys]).go({ consistent: true });
  return unprocessed.length > 0 ? undefined : data;
}

/**
 * Saves the forms of several runs of outbox items in one transaction: every receipt (new), every form
 * (new: must not exist; else conditioned on the version read) and each visit whose devices were submitted
 * (conditioned on its version, so two forms submitted at once cannot both miss that the visit is
 * complete). `raced` when a receipt, form or visit was written since it was read.
 */
export async function saveFormRuns(input: {
  receipts: readonly EntityItem<typeof fieldReceipt>[];
  forms: readonly { before: InspectionFormItem | undefined; form: InspectionFormItem }[];
  visits: readonly { visit: InspectionVisitItem; added: readonly string[]; complete: boolean }[];
  at: string;
}): Promise<'saved' | 'raced'> {
  const { receipts, forms, visits, at } = input;
  const result = await inspections.transaction
    .write((e) => [
      ...receipts.map((receipt) => e.fieldReceipt.create(receipt).commit()),
      ...forms.map(({ before, form }) =>
        before === undefined
          ? e.inspectionForm.create(form).commit()
          : e.inspectionForm
              .put(form)
              .where(({ version: v }, { eq }) => eq(v, before.version))
              .commit(),
      ),
      ...visits.map(({ visit, added, complete }) =>
        e.inspectionVisit
          .patch({ visitId: visit.visitId })
          .add({ submittedDevices: [...added] })
          .set({
            version: visit.version + 1,
            updatedAt: at,
            ...(complete ? { state: 'submitted' as const, submittedAt: at } : {}),
          })
          .where(({ version: v }, { eq }) => eq(v, visit.version))
          .commit(),
      ),
    ])
    .go();
  if (!result.canceled) return 'saved';
  const codes = (result.data as readonly { code?: string }[]).map((d) => d.code);
  if (codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')) return 'raced';
  throw new Error(`inspection runs not saved: ${JSON.stringify(codes)}`);
}

/** Receipts of a run of client ids, in one consistent BatchGetItem; undefined when some were left unread. */
export async function receiptsOf(
  staffId: string,
  clientIds: readonly string[],
): Promise<Map<string, EntityItem<typeof fieldReceipt>> | undefined> {
  const { data, unprocessed } = await fieldReceipt
    .get(clientIds.map((clientId) => ({ staffId, clientId })))
    .go({ consistent: true });
  if (unprocessed.length > 0) return undefined;
  return new Map(data.map((r) => [r.clientId, r]));
}
