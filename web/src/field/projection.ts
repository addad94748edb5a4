/**
 * What the engineer sees: the last snapshot with the actions still in the outbox applied on top, so that a
 * tap shows its effect at once, offline too. Pure. The life cycle is the shared one
 * (shared/tickets/lifecycle.ts): a queued action the snapshot's state does not allow is left out of the
 * projection (the server will refuse it, and the refusal is shown).
 */
import type {
  AnswerValue,
  FieldTicket,
  InspectionTemplate,
  InspectionVisit,
  Position,
} from '../../../shared/field/schemas.ts';
import {
  isOpen,
  nextState,
  type TicketCommand,
  type TicketState,
  TRANSITIONS,
} from '../../../shared/tickets/lifecycle.ts';
import type { DraftAnswer, QueuedItem } from './db';
import { type PlaceFlag, placeFlag } from './geo';

/** A queued action shown in the ticket's history until the server has it. */
export interface PendingEntry {
  clientId: string;
  kind: string;
  recordedAt: string;
  text: string | null;
}

export interface TicketProjection {
  ticket: FieldTicket;
  state: TicketState;
  paused: boolean;
  accepted: boolean;
  checkIn: { at: string; flag: PlaceFlag; distanceM: number | null; pending: boolean } | null;
  confirmed: { method: string; pending: boolean } | null;
  checkOut: { at: string; flagged: boolean; pending: boolean } | null;
  pending: PendingEntry[];
}

const LIFECYCLE: Partial<Record<string, TicketCommand>> = {
  depart: 'depart',
  checkIn: 'checkIn',
  resolve: 'resolve',
  confirm: 'confirm',
};

function actionText(action: QueuedItem['action']): string | null {
  switch (action.kind) {
    case 'note':
      return action.text;
    case 'part':
      return `${action.description}: ${action.serialOut} → ${action.serialIn}`;
    case 'standby':
      return `${action.description}: ${action.serial}`;
    case 'resolve':
      return action.note ?? null;
    case 'checkOut':
      return action.reason ?? null;
    case 'confirm':
      return action.method === 'signature' ? action.signerName : null;
    default:
      return null;
  }
}

function checkInOf(ticket: FieldTicket, position: Position | null) {
  return placeFlag(ticket.site, position);
}

export function projectTicket(ticket: FieldTicket, queued: readonly QueuedItem[]): TicketProjection {
  let state = ticket.state;
  let paused = ticket.paused;
  let accepted = ticket.engineerAcceptedAt !== null;
  let checkIn: TicketProjection['checkIn'] = ticket.checkIn
    ? {
        at: ticket.checkIn.at,
        flag: ticket.checkIn.flag,
        distanceM: ticket.checkIn.distanceM,
        pending: false,
      }
    : null;
  let confirmed: TicketProjection['confirmed'] = ticket.confirmation
    ? { method: ticket.confirmation.method, pending: false }
    : null;
  let checkOut: TicketProjection['checkOut'] = ticket.checkOut
    ? { at: ticket.checkOut.at, flagged: ticket.checkOut.flagged, pending: false }
    : null;
  const pending: PendingEntry[] = [];

  for (const item of queued) {
    const { action } = item;
    if (!('ticketId' in action) || action.ticketId !== ticket.id) continue;
    const command = LIFECYCLE[action.kind];
    if (command !== undefined) {
      try {
        ({ state, paused } = nextState({ state, paused }, command));
      } catch {
        continue;
      }
    }
    if (action.kind === 'accept') accepted = true;
    if (action.kind === 'checkIn') {
      const place = checkInOf(ticket, action.position);
      checkIn = { at: item.recordedAt, flag: place.flag, distanceM: place.distanceM, pending: true };
    }
    if (action.kind === 'confirm') confirmed = { method: action.method, pending: true };
    if (action.kind === 'checkOut')
      checkOut = { at: item.recordedAt, flagged: confirmed === null, pending: true };
    pending.push({
      clientId: item.clientId,
      kind: action.kind,
      recordedAt: item.recordedAt,
      text: actionText(action),
    });
  }
  return { ticket, state, paused, accepted, checkIn, confirmed, checkOut, pending };
}

/** Whether the shared life cycle allows `command` now. */
export function allows(view: { state: TicketState; paused: boolean }, command: TicketCommand): boolean {
  if (TRANSITIONS[view.state][command] === undefined) return false;
  try {
    nextState(view, command);
    return true;
  } catch {
    return false;
  }
}

export type FieldActionKind =
  | 'accept'
  | 'depart'
  | 'checkIn'
  | 'note'
  | 'part'
  | 'standby'
  | 'resolve'
  | 'confirm'
  | 'checkOut';

/**
 * The actions to offer: the next step of the life cycle first, then the work records. Life-cycle moves (depart, check in, resolve, confirm)
 * follow TRANSITIONS; the rest follow the server's rules (functions/field/ticket-actions.ts): accept once
 * per assignment while assigned, en route or on site; notes in any state but closed; parts and standby
 * units once checked in (the screen's choice: they are lent or fitted on site); check-out once, after a
 * check-in, when resolved or confirmed.
 */
export function allowedActions(view: TicketProjection): FieldActionKind[] {
  const actions: FieldActionKind[] = [];
  if (!view.accepted && isOpen(view.state) && view.state !== 'new') actions.push('accept');
  if (allows(view, 'depart')) actions.push('depart');
  if (allows(view, 'checkIn') && view.checkIn === null) actions.push('checkIn');
  if (allows(view, 'resolve')) actions.push('resolve');
  if (allows(view, 'confirm') && view.confirmed === null) actions.push('confirm');
  if (
    view.checkIn !== null &&
    view.checkOut === null &&
    (view.state === 'resolved' || view.state === 'confirmed')
  )
    actions.push('checkOut');
  if (view.state !== 'closed') actions.push('note');
  if (view.checkIn !== null && view.state !== 'closed') actions.push('part', 'standby');
  return actions;
}

/** Check-out without the customer's confirmation needs a reason (and is flagged). */
export function checkOutNeedsReason(view: TicketProjection): boolean {
  return view.confirmed === null && view.state !== 'confirmed';
}

// ── Inspections ───────────────────────────────────────────────────────────────────────────────────

export interface DeviceForm {
  visitId: string;
  deviceId: string;
  category: string;
  model: string;
  serial: string | null;
  template: InspectionTemplate | null;
  answers: Record<string, AnswerValue>;
  submitted: boolean;
  /** Submitted on this phone, not yet acknowledged. */
  submitPending: boolean;
}

export interface VisitProjection {
  visit: InspectionVisit;
  devices: DeviceForm[];
  submitted: boolean;
}

export function projectVisit(
  visit: InspectionVisit,
  templates: ReadonlyMap<string, InspectionTemplate>,
  drafts: readonly DraftAnswer[],
  queued: readonly QueuedItem[],
): VisitProjection {
  const devices = visit.devices.map((device): DeviceForm => {
    const answers: Record<string, AnswerValue> = { ...device.answers };
    for (const draft of drafts)
      if (draft.visitId === visit.id && draft.deviceId === device.deviceId)
        answers[draft.itemId] = draft.value;
    const submitPending = queued.some(
      (item) =>
        item.action.kind === 'submitInspection' &&
        item.action.visitId === visit.id &&
        item.action.deviceId === device.deviceId,
    );
    return {
      visitId: visit.id,
      deviceId: device.deviceId,
      category: device.category,
      model: device.model,
      serial: device.serial,
      template: templates.get(device.templateId) ?? null,
      answers,
      submitted: device.submitted || submitPending,
      submitPending,
    };
  });
  return { visit, devices, submitted: devices.length > 0 && devices.every((device) => device.submitted) };
}

/** Whether an answer counts as given. */
export const answered = (value: AnswerValue | undefined) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** Whether a given answer fails its check: "fail", a number out of range, a failing choice. */
export function failsCheck(
  item: InspectionTemplate['items'][number],
  value: AnswerValue | undefined,
): boolean {
  if (!answered(value)) return false;
  if (item.kind === 'passFail') return value === false;
  if (item.kind === 'number' && typeof value === 'number')
    return (item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max);
  if (item.kind === 'choice')
    return item.choices?.some((c) => c.value === value && c.failing === true) ?? false;
  return false;
}

/** Required items not answered yet, in the template's order. */
export function missingRequired(form: DeviceForm): string[] {
  return (form.template?.items ?? [])
    .filter((item) => item.required && !answered(form.answers[item.id]))
    .map((item) => item.id);
}
