/**
 * The field actions on a ticket (accept, depart, check-in, notes, parts, standby units, resolve,
 * confirmation, check-out), each as a change through the shared life cycle and `applyChange`
 * (functions/tickets/service.ts), with the phone's time (shared/field/time.ts) and the outbox receipt
 * in the same transaction.
 *
 * Which action is allowed when (the life cycle decides where it has a command; these rules otherwise):
 *   accept            assigned / enRoute / onSite, once per assignment — an event, no state change
 *   depart            life cycle `depart`  (assigned → enRoute)
 *   checkIn           life cycle `checkIn` (assigned / enRoute → onSite)
 *   note/part/standby any state but closed — events, no state change
 *   resolve           life cycle `resolve` (→ resolved); creates the customer confirmation code
 *   confirm           life cycle `confirm` (resolved → confirmed), by signature or by code
 *   checkOut          resolved or confirmed, after a check-in, once; without the customer's
 *                     confirmation only with a reason, and flagged — an event, no state change
 */
import { mayWorkOn } from '../../shared/auth/policy.ts';
import type { StaffPrincipal } from '../../shared/auth/roles.ts';
import { judgeCheckIn } from '../../shared/field/geo.ts';
import {
  CONFIRMATION_CODE_MAX_ATTEMPTS,
  type FieldAction,
  type OutboxItem,
} from '../../shared/field/schemas.ts';
import { fieldEventTime } from '../../shared/field/time.ts';
import { IllegalTransitionError, nextState, type TicketCommand } from '../../shared/tickets/lifecycle.ts';
import { AppError } from '../lib/errors.ts';
import {
  confirmationCodeCommit,
  type FieldReceipt,
  getConfirmationCode,
  receiptCommit,
  saveWrongCode,
  signatureCommit,
} from '../store/field.ts';
import { getSite } from '../store/register.ts';
import { getTicketWithTimeline, type TicketEventRecord } from '../store/tickets.ts';
import { applyChange, type Change, type Loaded } from '../tickets/service.ts';
import { confirmationCodeMatches, newConfirmationCode } from './confirmation.ts';
import { reject } from './rejection.ts';

export type TicketAction = Extract<FieldAction, { ticketId: string }>;

export interface ActionContext {
  principal: StaffPrincipal;
  now: Date;
}

/** What applying an item did: `applied`, or its receipt was already there (a racing repeat). */
export type Applied = 'applied' | 'duplicate' | 'rejectedRecorded';

/** The field event type of each ticket action. */
export const FIELD_EVENT_TYPE = {
  accept: 'engineerAccepted',
  depart: 'departed',
  checkIn: 'checkedIn',
  note: 'workNote',
  part: 'partReplaced',
  standby: 'standbyLent',
  resolve: 'resolved',
  confirm: 'customerConfirmed',
  checkOut: 'checkedOut',
} as const satisfies Record<TicketAction['kind'], string>;

const COMMAND: Partial<Record<TicketAction['kind'], TicketCommand>> = {
  depart: 'depart',
  checkIn: 'checkIn',
  resolve: 'resolve',
  confirm: 'confirm',
};

const ACCEPTABLE = new Set(['assigned', 'enRoute', 'onSite']);

/** The events since the ticket was last assigned (to anyone). */
function sinceAssignment(events: readonly TicketEventRecord[]): TicketEventRecord[] {
  let from = 0;
  events.forEach((e, i) => {
    if (e.type === 'assigned') from = i;
  });
  return events.slice(from);
}

function lastIndexOf(events: readonly TicketEventRecord[], type: string): number {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]?.type === type) return i;
  return -1;
}

/** The ticket of an action, if it exists and is assigned to the caller; otherwise `not_found`. */
export async function workableTicket(principal: StaffPrincipal, ticketId: string): Promise<Loaded> {
  const loaded = await getTicketWithTimeline(ticketId);
  if (loaded === undefined) throw reject.ticketNotFound();
  const { ticket } = loaded;
  const scope = {
    companyId: ticket.companyId,
    ...(ticket.assignedEngineerId === undefined ? {} : { assignedEngineerId: ticket.assignedEngineerId }),
  };
  if (!mayWorkOn(principal, scope)) throw reject.ticketNotFound();
  return loaded;
}

/** The life cycle's verdict before any write, as a rejection. */
function lifeCycleAllows(loaded: Loaded, kind: TicketAction['kind']): void {
  const command = COMMAND[kind];
  const { ticket } = loaded;
  if (command !== undefined) {
    try {
      nextState(ticket, command);
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw reject.illegalMove(ticket.state, kind);
      throw error;
    }
    return;
  }
  if (ticket.state === 'closed') throw reject.illegalMove(ticket.state, kind);
  if (kind === 'accept' && !ACCEPTABLE.has(ticket.state)) throw reject.illegalMove(ticket.state, kind);
  if (kind === 'checkOut' && ticket.state !== 'resolved' && ticket.state !== 'confirmed') {
    throw reject.illegalMove(ticket.state, kind);
  }
}

/**
 * Applies one ticket action with its receipt. Throws a `Rejection` for a permanently bad item (nothing
 * written), `ChangeRefusedError` when a condition failed (the caller tells a repeat from a race), and
 * anything else for a transient failure. Answers `rejectedRecorded` when the action wrote its own
 * rejection receipt (a wrong confirmation code counts an attempt).
 */
export async function applyTicketAction(
  ctx: ActionContext,
  item: OutboxItem,
  action: TicketAction,
  receipt: FieldReceipt,
): Promise<Applied> {
  const loaded = await workableTicket(ctx.principal, action.ticketId);
  const { ticket, events } = loaded;
  lifeCycleAllows(loaded, action.kind);

  const timing = fieldEventTime({
    recordedAt: item.recordedAt,
    clockOffsetMs: item.clockOffsetMs,
    receivedAt: ctx.now,
    acceptedAt: ticket.acceptedAt,
    toleranceMs: ticket.policy.clockSkewToleranceMs,
  });
  const base = {
    command: COMMAND[action.kind] ?? null,
    actor: { kind: 'staff' as const, id: ctx.principal.staffId },
    now: ctx.now,
  };
  const extra: object[] = [receiptCommit(receipt)];
  let event: Change['event'];
  const type = FIELD_EVENT_TYPE[action.kind];
  const timed = { ...timing, at: timing.at };

  switch (action.kind) {
    case 'accept': {
      const mine = sinceAssignment(events).some(
        (e) => e.type === FIELD_EVENT_TYPE.accept && e.actorId === ctx.principal.staffId,
      );
      if (mine) throw reject.alreadyAccepted();
      event = { type, timing: timed, data: { corrections: timing.corrections } };
      break;
    }
    case 'depart':
      event = { type, timing: timed, data: { corrections: timing.corrections } };
      break;
    case 'checkIn': {
      const site = ticket.siteId === undefined ? undefined : await getSite(ticket.siteId);
      const place = judgeCheckIn(
        site === undefined ? null : { lat: site.lat, lon: site.lng, radiusM: site.checkInRadiusM },
        action.position,
      );
      const fixAgeS =
        action.position === null
          ? null
          : Math.round((Date.parse(item.recordedAt) - Date.parse(action.position.fixedAt)) / 1000);
      event = {
        type,
        timing: timed,
        data: {
          corrections: timing.corrections,
          position: action.position,
          positionError: action.positionError ?? null,
          distanceM: place.distanceM,
          radiusM: site?.checkInRadiusM ?? null,
          flag: place.flag,
          fixAgeS,
        },
      };
      break;
    }
    case 'note':
      event = { type, timing: timed, data: { corrections: timing.corrections, text: action.text } };
      break;
    case 'part':
      event = {
        type,
        timing: timed,
        data: {
          corrections: timing.corrections,
          description: action.description,
          serialOut: action.serialOut,
          serialIn: action.serialIn,
        },
      };
      break;
    case 'standby':
      event = {
        type,
        timing: timed,
        data: { corrections: timing.corrections, description: action.description, serial: action.serial },
      };
      break;
    case 'resolve':
      event = {
        type,
        timing: timed,
        data: {
          corrections: timing.corrections,
          ...(action.note === undefined ? {} : { note: action.note }),
        },
      };
      extra.push(
        confirmationCodeCommit({
          ticketId: ticket.ticketId,
          companyId: ticket.companyId,
          code: newConfirmationCode(),
          attempts: 0,
          createdAt: ctx.now.toISOString(),
        }),
      );
      break;
    case 'confirm': {
      if (action.method === 'code') {
        const code = await getConfirmationCode(ticket.ticketId);
        if (code === undefined) throw reject.noCode();
        if (code.attempts >= CONFIRMATION_CODE_MAX_ATTEMPTS) throw reject.tooManyAttempts();
        if (!confirmationCodeMatches(code, action.code)) {
          const left = CONFIRMATION_CODE_MAX_ATTEMPTS - code.attempts - 1;
          const rejection = left <= 0 ? reject.tooManyAttempts() : reject.wrongCode(left);
          const saved = await saveWrongCode(
            {
              ...receipt,
              status: 'rejected',
              code: rejection.code,
              ...(rejection.field === undefined ? {} : { field: rejection.field }),
              message: rejection.messages,
            },
            ticket.ticketId,
            code.attempts,
          );
          if (saved === 'duplicate') return 'duplicate';
          if (saved === 'raced') throw new AppError('conflict', 'attempt raced');
          return 'rejectedRecorded';
        }
        event = { type, timing: timed, data: { corrections: timing.corrections, method: 'code' } };
      } else {
        event = {
          type,
          timing: timed,
          data: {
            corrections: timing.corrections,
            method: 'signature',
            signerName: action.signerName,
            signatureId: item.clientId,
            signatureChars: action.signaturePng.length,
          },
        };
        extra.push(
          signatureCommit({
            ticketId: ticket.ticketId,
            clientId: item.clientId,
            companyId: ticket.companyId,
            signerName: action.signerName,
            png: action.signaturePng,
            createdAt: ctx.now.toISOString(),
          }),
        );
      }
      break;
    }
    case 'checkOut': {
      const lastCheckIn = lastIndexOf(events, 'checkedIn');
      if (lastCheckIn < 0) throw reject.notCheckedIn();
      if (lastIndexOf(events, 'checkedOut') > lastCheckIn) throw reject.alreadyCheckedOut();
      const confirmed = ticket.state === 'confirmed';
      if (!confirmed && action.reason === undefined) throw reject.checkOutReason();
      event = {
        type,
        timing: timed,
        ...(action.reason === undefined ? {} : { reason: action.reason }),
        data: { corrections: timing.corrections, flagged: !confirmed },
      };
      break;
    }
  }
  await applyChange(loaded, { ...base, event, extraWrites: extra });
  return 'applied';
}
