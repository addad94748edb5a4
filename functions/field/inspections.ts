/**
 * Inspections (巡检): the desk creates a contract's quarterly visits (one per site, the site's devices
 * that have a template); the engineer answers items and submits each device's form from the outbox; a
 * failed check opens a fault ticket for the device through the intake's creation path
 * (functions/store/tickets.ts `createReportedTicket`), once per visit, device and item.
 */
import { mayWorkOn } from '../../shared/auth/policy.ts';
import type { StaffPrincipal } from '../../shared/auth/roles.ts';
import type {
  AnswerValue,
  DeskVisit,
  FieldAction,
  InspectionTemplate,
  InspectionVisit,
  OutboxItem,
} from '../../shared/field/schemas.ts';
import {
  answerProblem,
  CURRENT_TEMPLATE,
  failsCheck,
  missingRequired,
  templateById,
} from '../../shared/field/templates.ts';
import { AppError } from '../lib/errors.ts';
import { newOpaqueToken, tokenHash } from '../lib/opaque-tokens.ts';
import type { Actor } from '../store/audit.ts';
import type { ContractItem, DeviceItem, SiteItem } from '../store/desk-entities.ts';
import { type FieldReceipt, receiptItem } from '../store/field.ts';
import {
  createVisitOnce,
  getForms,
  getVisitAndForm,
  getVisits,
  type InspectionFormItem,
  type InspectionVisitItem,
  receiptsOf,
  saveForm,
  saveFormRuns,
  visitIdOf,
} from '../store/inspections.ts';
import { getContract, getDevice, newId } from '../store/register.ts';
import { getStaff } from '../store/staff.ts';
import {
  createReportedTicket,
  DuplicateIntakeError,
  findIntakeRequest,
  getTicket,
} from '../store/tickets.ts';
import { newReportedTicket } from '../tickets/new-ticket.ts';
import { type Rejection, reject } from './rejection.ts';
import type { Applied } from './ticket-actions.ts';

export type InspectionAction = Extract<FieldAction, { visitId: string }>;

interface VisitDevice {
  deviceId: string;
  category: string;
  model: string;
  serial: string | null;
  templateId: string;
}

interface VisitSite {
  id: string;
  name: string;
  address: string;
  lat: number;
  lon: number;
  radiusM: number;
}

export function siteSnapshot(site: SiteItem): VisitSite {
  return {
    id: site.siteId,
    name: site.name,
    address: site.address,
    lat: site.lat,
    lon: site.lng,
    radiusM: site.checkInRadiusM,
  };
}

// ── The desk: creating a contract's visits ────────────────────────────────────────────────────────

/**
 * One visit per site of the contract that has devices with a template; the same contract, quarter and
 * site always make the same visit (a repeat changes nothing, not even the engineer or the due date).
 */
export async function createQuarterVisits(input: {
  contract: ContractItem;
  sites: readonly SiteItem[];
  devices: readonly DeviceItem[];
  quarter: string;
  dueDate: string;
  engineerId: string;
  actor: Actor;
  now: Date;
}): Promise<{ created: number; visitIds: string[] }> {
  const { contract } = input;
  const visitIds: string[] = [];
  let created = 0;
  for (const site of [...input.sites].sort((a, b) => (a.siteId < b.siteId ? -1 : 1))) {
    const devices: VisitDevice[] = input.devices
      .filter((d) => d.siteId === site.siteId && CURRENT_TEMPLATE[d.category] !== undefined)
      .sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1))
      .map((d) => ({
        deviceId: d.deviceId,
        category: d.category,
        model: d.model,
        serial: d.serial ?? null,
        templateId: CURRENT_TEMPLATE[d.category]?.id ?? '',
      }));
    if (devices.length === 0) continue;
    const visitId = visitIdOf(contract.contractId, input.quarter, site.siteId);
    const at = input.now.toISOString();
    const made = await createVisitOnce(
      {
        visitId,
        companyId: contract.companyId,
        contractId: contract.contractId,
        contractName: contract.name,
        timeZone: contract.timeZone,
        quarter: input.quarter,
        siteId: site.siteId,
        site: siteSnapshot(site),
        dueDate: input.dueDate,
        engineerId: input.engineerId,
        devices,
        state: 'open',
        createdAt: at,
        createdBy: input.actor.id,
        updatedAt: at,
        version: 1,
      },
      input.actor,
      input.now,
    );
    if (made) created++;
    visitIds.push(visitId);
  }
  return { created, visitIds };
}

// ── Views ─────────────────────────────────────────────────────────────────────────────────────────

export function visitView(visit: InspectionVisitItem, forms: readonly InspectionFormItem[]): InspectionVisit {
  const byDevice = new Map(forms.map((f) => [f.deviceId, f]));
  return {
    id: visit.visitId,
    contractId: visit.contractId,
    contractName: visit.contractName,
    quarter: visit.quarter,
    site: visit.site as VisitSite,
    dueDate: visit.dueDate,
    state: visit.state,
    devices: (visit.devices as VisitDevice[]).map((d) => {
      const form = byDevice.get(d.deviceId);
      return {
        ...d,
        submitted: form?.submitted ?? false,
        answers: (form?.answers ?? {}) as Record<string, AnswerValue>,
      };
    }),
  };
}

export function deskVisitView(visit: InspectionVisitItem, forms: readonly InspectionFormItem[]): DeskVisit {
  return { ...visitView(visit, forms), engineerId: visit.engineerId, createdAt: visit.createdAt };
}

// ── The engineer: answers and submission ──────────────────────────────────────────────────────────

/** The visit, if assigned to the caller, with the one device's form if it has one. */
/** The form of a visit's device before its first answer (written with the first one). */
function newForm(
  visit: Pick<InspectionFormItem, 'visitId' | 'companyId' | 'contractId' | 'engineerId'>,
  deviceId: string,
  templateId: string,
  at: string,
): InspectionFormItem {
  return {
    visitId: visit.visitId,
    deviceId,
    companyId: visit.companyId,
    contractId: visit.contractId,
    engineerId: visit.engineerId,
    templateId,
    answers: {},
    submitted: false,
    deviceOrder: `~#${visit.visitId}`,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
}

async function workableVisit(principal: StaffPrincipal, visitId: string, deviceId: string) {
  const found = await getVisitAndForm(visitId, deviceId);
  if (
    found === undefined ||
    !mayWorkOn(principal, { companyId: found.visit.companyId, assignedEngineerId: found.visit.engineerId })
  ) {
    throw reject.visitNotFound();
  }
  return found;
}

export interface InspectionContext {
  principal: StaffPrincipal;
  now: Date;
}

/** How many times a form save is tried again when another write to the visit came first. */
const STALE_RETRIES = 4;

/**
 * Applies `answer` or `submitInspection` with its receipt. Throws a `Rejection` for a bad item and
 * anything else for a transient failure.
 */
export async function applyInspectionAction(
  ctx: InspectionContext,
  item: OutboxItem,
  action: InspectionAction,
  receipt: FieldReceipt,
): Promise<Applied> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await tryInspectionAction(ctx, item, action, receipt);
    if (outcome !== 'stale') return outcome;
    if (attempt >= STALE_RETRIES) throw new AppError('conflict', 'visit changed while saving');
  }
}

async function tryInspectionAction(
  ctx: InspectionContext,
  _item: OutboxItem,
  action: InspectionAction,
  receipt: FieldReceipt,
): Promise<Applied | 'stale'> {
  const { visit, forms } = await workableVisit(ctx.principal, action.visitId, action.deviceId);
  const device = (visit.devices as VisitDevice[]).find((d) => d.deviceId === action.deviceId);
  if (device === undefined) throw reject.deviceNotInVisit();
  const template = templateById(device.templateId);
  if (template === undefined)
    throw new Error(`visit ${visit.visitId} names unknown template ${device.templateId}`);
  const existing = forms.find((f) => f.deviceId === device.deviceId);
  if (existing?.submitted === true) throw reject.formSubmitted();
  const at = ctx.now.toISOString();
  const form: InspectionFormItem = existing ?? newForm(visit, device.deviceId, template.id, at);
  const answers = { ...(form.answers as Record<string, AnswerValue>) };

  if (action.kind === 'answer') {
    const templateItem = template.items.find((i) => i.id === action.itemId);
    if (templateItem === undefined) throw reject.unknownItem();
    const problem = answerProblem(templateItem, action.value);
    if (problem !== undefined) throw reject.badAnswer(problem);
    answers[action.itemId] = action.value;
    const outcome = await saveForm({
      form: { ...form, answers, updatedAt: at, version: form.version + 1 },
      previousVersion: existing === undefined ? null : existing.version,
      receipts: [receipt],
    });
    return outcome === 'saved' ? 'applied' : outcome;
  }

  const missing = missingRequired(template, answers);
  if (missing.length > 0) throw reject.missingItems(missing);
  const failures = await openFailureTickets(ctx, visit, device.deviceId, template, answers);
  const submittedForm: InspectionFormItem = {
    ...form,
    answers,
    submitted: true,
    submittedAt: at,
    deviceOrder: `${at}#${visit.visitId}`,
    failures,
    updatedAt: at,
    version: form.version + 1,
  };
  const submitted = new Set([...(visit.submittedDevices ?? []), device.deviceId]);
  const complete = (visit.devices as VisitDevice[]).every((d) => submitted.has(d.deviceId));
  const outcome = await saveForm({
    form: submittedForm,
    previousVersion: existing === undefined ? null : existing.version,
    receipts: [receipt],
    // The visit is updated with every submission (conditioned on its version), so two forms
    // submitted at once cannot both miss that the visit is complete.
    submission: {
      visitId: visit.visitId,
      previousVersion: visit.version,
      deviceId: device.deviceId,
      complete,
      at,
    },
  });
  return outcome === 'saved' ? 'applied' : outcome;
}

type Failure = { itemId: string; value: AnswerValue; ticketId: string; number: string };

/**
 * The fault tickets of a form's failed checks, opened before the submission's transaction and each
 * idempotent: a retry after a failure later finds them and makes no more.
 */
async function openFailureTickets(
  ctx: InspectionContext,
  visit: InspectionVisitItem,
  deviceId: string,
  template: InspectionTemplate,
  answers: Readonly<Record<string, AnswerValue>>,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (const templateItem of template.items.filter((i) => failsCheck(i, answers[i.id]))) {
    const value = answers[templateItem.id] ?? null;
    const unit = templateItem.unit === undefined ? '' : ` ${templateItem.unit}`;
    const opened = await openInspectionTicket({
      visit,
      deviceId,
      itemId: templateItem.id,
      finding: {
        'zh-CN': `巡检发现(${visit.quarter}):${templateItem.label['zh-CN']} = ${String(value)}${unit}`,
        en: `Inspection finding (${visit.quarter}): ${templateItem.label.en} = ${String(value)}${unit}`,
      },
      engineerId: ctx.principal.staffId,
      now: ctx.now,
    });
    failures.push({ itemId: templateItem.id, value, ...opened });
  }
  return failures;
}

/**
 * A fault ticket for a failed check, reported by the engineer, through the intake's creation path. The
 * intake idempotency record is keyed by visit and device (scope) and item (key): a second submission
 * attempt finds the first ticket.
 */
async function openInspectionTicket(input: {
  visit: InspectionVisitItem;
  deviceId: string;
  itemId: string;
  finding: { 'zh-CN': string; en: string };
  engineerId: string;
  now: Date;
}): Promise<{ ticketId: string; number: string }> {
  const scopeId = `inspection:${input.visit.visitId}:${input.deviceId}`;
  const known = await findIntakeRequest(scopeId, input.itemId);
  if (known !== undefined) return numbered(known);
  const [contract, device, engineer] = await Promise.all([
    getContract(input.visit.contractId),
    getDevice(input.deviceId),
    getStaff(input.engineerId),
  ]);
  if (contract === undefined || device === undefined || engineer === undefined) {
    throw new Error(
      `inspection ticket: contract, device or engineer of visit ${input.visit.visitId} missing`,
    );
  }
  const now = input.now;
  const { ticket, event } = await newReportedTicket({
    contract,
    device,
    proposedLevel: 3,
    description: `${input.finding['zh-CN']}\n${input.finding.en}`,
    answers: { serviceDown: false, businessInterrupted: false, dataLost: false },
    reporterName: engineer.name,
    reporterPhone: engineer.phone,
    language: 'zh-CN',
    now,
  });
  const reportedAt = event.at;
  const ticketId = ticket.ticketId;
  const actor: Actor = { kind: 'staff', id: input.engineerId };
  try {
    await createReportedTicket({
      ticket,
      event: {
        type: 'reported',
        at: reportedAt,
        actorKind: 'staff',
        actorId: input.engineerId,
        data: { ...event.data, source: 'inspection', visitId: input.visit.visitId, itemId: input.itemId },
      },
      scopeId,
      idempotencyKey: input.itemId,
      // The intake path always makes a status link; this one is never shown (the desk can issue one).
      statusLink: {
        tokenHash: tokenHash(newOpaqueToken()),
        linkId: newId(),
        companyId: ticket.companyId,
        contractId: ticket.contractId,
        ticketId,
        createdAt: reportedAt,
        version: 1,
      },
      actor,
      now,
    });
  } catch (error) {
    if (!(error instanceof DuplicateIntakeError)) throw error;
    const first = error.ticketId ?? (await findIntakeRequest(scopeId, input.itemId));
    if (first === undefined) throw error;
    return numbered(first);
  }
  return { ticketId, number: ticket.number };
}

async function numbered(ticketId: string): Promise<{ ticketId: string; number: string }> {
  const t = await getTicket(ticketId);
  return { ticketId, number: t?.number ?? '' };
}

/** The longest run of answers this many items long at most that one transaction can record. */
export const ANSWER_RUN_MAX = 90;

/** DynamoDB's limit of actions in one transaction. */
export const TRANSACTION_MAX = 100;

export type RunResult = {
  clientId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  receipt?: FieldReceipt;
};

const formKeyOf = (action: { visitId: string; deviceId: string }) => `${action.visitId}\n${action.deviceId}`;

/**
 * How many actions the transaction of `runs` (applyAnswerRuns) writes at most: a receipt per item, each
 * form once and each visit once.
 */
export function runsActions(runs: readonly (readonly OutboxItem[])[]): number {
  const actions = runs.flat().map((item) => item.action as InspectionAction);
  return actions.length + new Set(actions.map(formKeyOf)).size + new Set(actions.map((a) => a.visitId)).size;
}

/**
 * What runs need, read once for all of them in three consistent reads at the same time: the receipts of
 * `clientIds` (one BatchGetItem, none when empty), the visits and the forms (one BatchGetItem). Undefined
 * when some key was left unread.
 */
async function readForRuns(
  staffId: string,
  actions: readonly InspectionAction[],
  clientIds: readonly string[],
) {
  const visitIds = [...new Set(actions.map((a) => a.visitId))];
  const formKeys = new Map(actions.map((a) => [formKeyOf(a), { visitId: a.visitId, deviceId: a.deviceId }]));
  const [seen, visits, forms] = await Promise.all([
    clientIds.length === 0 ? new Map<string, FieldReceipt>() : receiptsOf(staffId, clientIds),
    getVisits(visitIds),
    getForms([...formKeys.values()]),
  ]);
  if (seen === undefined || forms === undefined) return undefined;
  return {
    seen,
    visits: new Map(visits.map((visit) => [visit.visitId, visit] as const)),
    forms: new Map(forms.map((form) => [formKeyOf(form), form])),
  };
}

/**
 * Runs of items of inspection forms, each the consecutive `answer` items of one form maybe ending with its
 * `submitInspection` (or that submission alone), recorded together: one read of their receipts, visits
 * and forms, and one transaction with every form written (submitted when its run ends so), each visit's
 * submitted devices and every new receipt (applied or rejected). The same outcome, item by item and in
 * order, as applying them one after the other: a form's later run sees what its earlier runs answered.
 * Answers undefined when the runs cannot go this way (a visit or form refuses them, a receipt unread, a
 * repeat, a write raced, more than one transaction holds): the caller then applies them run by run or item
 * by item, and nothing of them was written.
 *
 * `receipts: 'submissions'` reads only the submissions' receipts: a submission must know it is a repeat
 * before it opens fault tickets, while a repeated answer is refused by its receipt's condition in the
 * transaction (the runs then answer undefined, and are applied again reading every receipt). A queue sent
 * for the first time, the usual case, so needs no read of its answers' receipts.
 */
export async function applyAnswerRuns(
  ctx: InspectionContext,
  runs: readonly (readonly OutboxItem[])[],
  options: { receipts: 'all' | 'submissions' } = { receipts: 'all' },
): Promise<RunResult[][] | undefined> {
  const items = runs.flat();
  if (items.length === 0) return [];
  if (runsActions(runs) > TRANSACTION_MAX) return undefined;
  const ids = items.map((i) => i.clientId);
  if (new Set(ids).size !== ids.length) return undefined;
  const read = await readForRuns(
    ctx.principal.staffId,
    items.map((i) => i.action as InspectionAction),
    options.receipts === 'all'
      ? ids
      : items.flatMap((i) => (i.action.kind === 'submitInspection' ? [i.clientId] : [])),
  );
  if (read === undefined) return undefined;
  const { seen } = read;

  const at = ctx.now.toISOString();
  /** Each visit as read, and the devices whose submission this transaction adds. */
  const visits = new Map<string, { visit: InspectionVisitItem; submitted: Set<string>; added: string[] }>();
  /** Each form as read, and as the runs so far left it (`undefined` while never written). */
  const forms = new Map<
    string,
    { read: InspectionFormItem | undefined; form: InspectionFormItem | undefined }
  >();
  const receipts: FieldReceipt[] = [];
  const results: RunResult[][] = [];
  for (const run of runs) {
    const head = run[0]?.action as InspectionAction | undefined;
    if (head === undefined) return undefined;
    const runItems = run.map((item) => ({ item, action: item.action as InspectionAction }));
    if (runItems.some(({ action }) => action.visitId !== head.visitId || action.deviceId !== head.deviceId))
      return undefined;
    const last = runItems.at(-1);
    const submitItem = last?.action.kind === 'submitInspection' ? last.item : undefined;
    const answerItems = submitItem === undefined ? runItems : runItems.slice(0, -1);
    if (answerItems.some(({ action }) => action.kind !== 'answer')) return undefined;
    // A run sent before whole (its answer was lost): each item answers its first result, whatever the
    // form became since.
    const repeats = run.map((item) => seen.get(item.clientId));
    if (repeats.every((receipt) => receipt !== undefined)) {
      results.push(
        run.map((item, index) => ({ clientId: item.clientId, status: 'duplicate', receipt: repeats[index] })),
      );
      continue;
    }

    let state = visits.get(head.visitId);
    if (state === undefined) {
      const visit = read.visits.get(head.visitId);
      if (
        visit === undefined ||
        !mayWorkOn(ctx.principal, { companyId: visit.companyId, assignedEngineerId: visit.engineerId })
      )
        return undefined;
      state = { visit, submitted: new Set(visit.submittedDevices ?? []), added: [] };
      visits.set(head.visitId, state);
    }
    const { visit } = state;
    const device = (visit.devices as VisitDevice[]).find((d) => d.deviceId === head.deviceId);
    const template = device === undefined ? undefined : templateById(device.templateId);
    if (device === undefined || template === undefined) return undefined;
    const key = formKeyOf(head);
    let slot = forms.get(key);
    if (slot === undefined) {
      const stored = read.forms.get(key);
      slot = { read: stored, form: stored };
      forms.set(key, slot);
    }
    const existing = slot.form;
    if (existing?.submitted === true) return undefined;

    const answers = { ...((existing?.answers ?? {}) as Record<string, AnswerValue>) };
    const runResults: RunResult[] = [];
    const written = receipts.length;
    for (const { item, action } of answerItems) {
      if (action.kind !== 'answer') return undefined;
      const repeat = seen.get(item.clientId);
      if (repeat !== undefined) {
        runResults.push({ clientId: item.clientId, status: 'duplicate', receipt: repeat });
        continue;
      }
      const base = receiptItem(
        {
          staffId: ctx.principal.staffId,
          clientId: item.clientId,
          kind: 'answer',
          status: 'applied',
          objectId: visit.visitId,
          createdAt: at,
        },
        ctx.now,
      );
      const templateItem = template.items.find((i) => i.id === action.itemId);
      const problem =
        templateItem === undefined
          ? reject.unknownItem()
          : answerProblemRejection(templateItem, action.value);
      if (problem !== undefined) {
        const receipt = rejectedReceipt(base, problem);
        receipts.push(receipt);
        runResults.push({ clientId: item.clientId, status: 'rejected', receipt });
        continue;
      }
      answers[action.itemId] = action.value;
      receipts.push(base);
      runResults.push({ clientId: item.clientId, status: 'applied' });
    }
    // A submission right after the answers: checked and recorded in the same transaction.
    let submission: { failures: Failure[] } | undefined;
    if (submitItem !== undefined) {
      const repeat = seen.get(submitItem.clientId);
      if (repeat !== undefined) {
        runResults.push({ clientId: submitItem.clientId, status: 'duplicate', receipt: repeat });
      } else {
        const base = receiptItem(
          {
            staffId: ctx.principal.staffId,
            clientId: submitItem.clientId,
            kind: 'submitInspection',
            status: 'applied',
            objectId: visit.visitId,
            createdAt: at,
          },
          ctx.now,
        );
        const missing = missingRequired(template, answers);
        if (missing.length > 0) {
          const receipt = rejectedReceipt(base, reject.missingItems(missing));
          receipts.push(receipt);
          runResults.push({ clientId: submitItem.clientId, status: 'rejected', receipt });
        } else {
          submission = { failures: await openFailureTickets(ctx, visit, device.deviceId, template, answers) };
          receipts.push(base);
          runResults.push({ clientId: submitItem.clientId, status: 'applied' });
        }
      }
    }
    results.push(runResults);
    // A run that records nothing (every item a repeat) leaves its form as it is.
    if (receipts.length === written) continue;
    const form: InspectionFormItem = existing ?? newForm(visit, device.deviceId, template.id, at);
    slot.form = {
      ...form,
      answers,
      ...(submission === undefined
        ? {}
        : {
            submitted: true,
            submittedAt: at,
            deviceOrder: `${at}#${visit.visitId}`,
            failures: submission.failures,
          }),
      updatedAt: at,
      // The version counts transactions, not runs or answers.
      version: (slot.read?.version ?? 0) + 1,
    };
    if (submission !== undefined) {
      state.submitted.add(device.deviceId);
      state.added.push(device.deviceId);
    }
  }
  if (receipts.length === 0) return results;

  const changedForms = [...forms.values()].flatMap(({ read: before, form }) =>
    form === undefined || form === before ? [] : [{ before, form }],
  );
  const changedVisits = [...visits.values()].filter((v) => v.added.length > 0);
  const saved = await saveFormRuns({
    receipts,
    forms: changedForms,
    visits: changedVisits.map(({ visit, submitted, added }) => ({
      visit,
      added,
      complete: (visit.devices as VisitDevice[]).every((d) => submitted.has(d.deviceId)),
    })),
    at,
  });
  // A receipt written since it was read, or a form or visit changed by another writer: decided again
  // item by item.
  return saved === 'saved' ? results : undefined;
}

function rejectedReceipt(base: FieldReceipt, problem: Rejection): FieldReceipt {
  return {
    ...base,
    status: 'rejected',
    code: problem.code,
    ...(problem.field === undefined ? {} : { field: problem.field }),
    message: problem.messages,
  };
}

function answerProblemRejection(
  item: Parameters<typeof answerProblem>[0],
  value: AnswerValue,
): Rejection | undefined {
  const problem = answerProblem(item, value);
  return problem === undefined ? undefined : reject.badAnswer(problem);
}
