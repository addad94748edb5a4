/**
 * `POST /api/field/outbox`: the phone's queued actions, applied in order, each exactly once by its
 * client id. A receipt (functions/store/field.ts) is written in the same transaction as the change it
 * records, so a repeat answers `duplicate` with the first result and writes nothing. A permanently bad
 * item is `rejected` (its receipt records that too) and the next items still run; a transient failure
 * (the store throttled or unreachable) stops the batch with a 503 so the phone sends the rest again.
 */
import type { StaffPrincipal } from '../../shared/auth/roles.ts';
import type { Localized, OutboxItem, OutboxResult } from '../../shared/field/schemas.ts';
import { AppError } from '../lib/errors.ts';
import { type FieldReceipt, getReceipt, receiptItem, saveReceiptAlone } from '../store/field.ts';
import { ChangeRefusedError } from '../store/tickets.ts';
import {
  ANSWER_RUN_MAX,
  applyAnswerRuns,
  applyInspectionAction,
  type InspectionAction,
  type RunResult,
  runsActions,
  TRANSACTION_MAX,
} from './inspections.ts';
import { Rejection } from './rejection.ts';
import { applyTicketAction, type TicketAction } from './ticket-actions.ts';

type Lang = 'zh-CN' | 'en';

export interface OutboxContext {
  principal: StaffPrincipal;
  clock: () => Date;
  lang: Lang;
}

/** The answers so far when a transient failure stopped the batch. */
export class OutboxInterrupted extends Error {
  override name = 'OutboxInterrupted';
  constructor(
    readonly results: OutboxResult[],
    readonly reason: unknown,
  ) {
    super('outbox interrupted');
  }
}

/** How many times an item is tried again when another writer changed its ticket or visit first. */
const RACE_RETRIES = 4;

function answerOf(receipt: FieldReceipt, status: OutboxResult['status'], lang: Lang): OutboxResult {
  const message = receipt.message as Localized | undefined;
  return {
    clientId: receipt.clientId,
    status,
    ...(receipt.code === undefined ? {} : { code: receipt.code }),
    ...(receipt.field === undefined ? {} : { field: receipt.field }),
    ...(message === undefined ? {} : { message: message[lang] }),
  };
}

async function duplicateOf(ctx: OutboxContext, clientId: string): Promise<OutboxResult> {
  const first = await getReceipt(ctx.principal.staffId, clientId);
  if (first === undefined) throw new Error(`receipt of ${clientId} refused but not readable`);
  return answerOf(first, 'duplicate', ctx.lang);
}

function objectIdOf(item: OutboxItem): string {
  return 'ticketId' in item.action ? item.action.ticketId : item.action.visitId;
}

/** One item, exactly once. Throws only on a transient failure. */
export async function processItem(ctx: OutboxContext, item: OutboxItem): Promise<OutboxResult> {
  const { staffId } = ctx.principal;
  // A ticket action writes nothing but in the transaction that creates its receipt (or the receipt
  // alone), so a repeat is found by that receipt's condition and needs no read first. An inspection
  // submission opens its fault tickets before its transaction: it must know first.
  if (!('ticketId' in item.action)) {
    const seen = await getReceipt(staffId, item.clientId);
    if (seen !== undefined) return answerOf(seen, 'duplicate', ctx.lang);
  }
  for (let attempt = 0; ; attempt++) {
    const now = ctx.clock();
    const receipt = receiptItem(
      {
        staffId,
        clientId: item.clientId,
        kind: item.action.kind,
        status: 'applied',
        objectId: objectIdOf(item),
        createdAt: now.toISOString(),
      },
      now,
    );
    try {
      const outcome =
        item.action.kind === 'answer' || item.action.kind === 'submitInspection'
          ? await applyInspectionAction(
              { principal: ctx.principal, now },
              item,
              item.action as InspectionAction,
              receipt,
            )
          : await applyTicketAction(
              { principal: ctx.principal, now },
              item,
              item.action as TicketAction,
              receipt,
            );
      if (outcome === 'duplicate') return duplicateOf(ctx, item.clientId);
      if (outcome === 'rejectedRecorded') return duplicateOrFirst(ctx, item.clientId);
      return { clientId: item.clientId, status: 'applied' };
    } catch (error) {
      if (error instanceof Rejection) {
        const rejected: FieldReceipt = {
          ...receipt,
          status: 'rejected',
          code: error.code,
          ...(error.field === undefined ? {} : { field: error.field }),
          message: error.messages,
        };
        if (!(await saveReceiptAlone(rejected))) return duplicateOf(ctx, item.clientId);
        return answerOf(rejected, 'rejected', ctx.lang);
      }
      if (error instanceof ChangeRefusedError && error.codes[error.extraFrom] === 'ConditionalCheckFailed') {
        return duplicateOf(ctx, item.clientId);
      }
      // Another writer came first (a version condition, or DynamoDB cancelling one of two transactions
      // on the same item): read again and decide again.
      const raced =
        error instanceof ChangeRefusedError ||
        (error instanceof AppError && error.code === 'conflict') ||
        String(error).includes('TransactionConflict');
      if (raced && attempt < RACE_RETRIES) continue;
      throw error;
    }
  }
}

/** The item recorded its own rejection: answer it as `rejected` (its first and only result). */
async function duplicateOrFirst(ctx: OutboxContext, clientId: string): Promise<OutboxResult> {
  const first = await getReceipt(ctx.principal.staffId, clientId);
  if (first === undefined) throw new Error(`receipt of ${clientId} not readable`);
  return answerOf(first, 'rejected', ctx.lang);
}

/**
 * The run of one form's items from `start` on: its consecutive answers and its submission if it follows
 * them, or that submission alone; empty when the item at `start` is not an inspection item.
 */
function answerRun(items: readonly OutboxItem[], start: number): OutboxItem[] {
  const head = items[start];
  const first = head?.action;
  if (head === undefined || first === undefined) return [];
  if (first.kind === 'submitInspection') return [head];
  if (first.kind !== 'answer') return [];
  const run: OutboxItem[] = [];
  for (let i = start; i < items.length && run.length < ANSWER_RUN_MAX; i++) {
    const item = items[i];
    const action = item?.action;
    if (item === undefined || action?.kind !== 'answer') break;
    if (action.visitId !== first.visitId || action.deviceId !== first.deviceId) break;
    run.push(item);
  }
  // The form's submission right after its answers goes with them.
  const next = items[start + run.length];
  if (
    next !== undefined &&
    run.length < ANSWER_RUN_MAX &&
    next.action.kind === 'submitInspection' &&
    next.action.visitId === first.visitId &&
    next.action.deviceId === first.deviceId
  ) {
    run.push(next);
  }
  return run;
}

/** The consecutive runs from `start` on (answerRun) that one transaction can record together. */
function runsFrom(items: readonly OutboxItem[], start: number): OutboxItem[][] {
  const runs: OutboxItem[][] = [];
  for (let i = start; i < items.length; ) {
    const run = answerRun(items, i);
    if (run.length === 0 || (runs.length > 0 && runsActions([...runs, run]) > TRANSACTION_MAX)) break;
    runs.push(run);
    i += run.length;
  }
  return runs;
}

/**
 * The batch in order; a transient failure stops it with the answers so far. Consecutive items of
 * inspection forms are recorded in one transaction when they can be (functions/field/inspections.ts
 * `applyAnswerRuns`: one read of what they need, one write), else form by form, else item by item like
 * everything else.
 */
export async function processOutbox(
  ctx: OutboxContext,
  items: readonly OutboxItem[],
): Promise<OutboxResult[]> {
  const results: OutboxResult[] = [];
  const answer = (done: readonly RunResult[]) => {
    for (const r of done) {
      results.push(
        r.receipt === undefined
          ? { clientId: r.clientId, status: r.status }
          : answerOf(r.receipt, r.status, ctx.lang),
      );
    }
  };
  let i = 0;
  try {
    while (i < items.length) {
      const runs = runsFrom(items, i);
      if (runs.length > 0) {
        const together = await applyAnswerRuns({ principal: ctx.principal, now: ctx.clock() }, runs, {
          receipts: 'submissions',
        });
        if (together !== undefined) {
          for (const done of together) answer(done);
          i += runs.reduce((n, run) => n + run.length, 0);
          continue;
        }
        // Something in them needs a closer look (a repeat, a refusal, a race): form by form reading every
        // receipt, and item by item a form that cannot go whole.
        for (const run of runs) {
          const alone = await applyAnswerRuns({ principal: ctx.principal, now: ctx.clock() }, [run]);
          if (alone !== undefined) {
            for (const done of alone) answer(done);
          } else {
            for (const item of run) results.push(await processItem(ctx, item));
          }
          i += run.length;
        }
        continue;
      }
      const item = items[i];
      if (item === undefined) break;
      results.push(await processItem(ctx, item));
      i++;
    }
  } catch (error) {
    throw new OutboxInterrupted(results, error);
  }
  return results;
}
