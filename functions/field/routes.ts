/**
 * The field audience's routes: `GET /api/field/sync` (everything the engineer's phone keeps offline)
 * and `POST /api/field/outbox` (the phone's queued actions). Engineers only; each ticket and visit only
 * when it is assigned to the caller (shared/auth/policy.ts `mayWorkOn`).
 */
import type { Context, Hono } from 'hono';
import type { StaffPrincipal } from '../../shared/auth/roles.ts';
import {
  type FieldCheckIn,
  type FieldCheckOut,
  type FieldConfirmation,
  type FieldSnapshot,
  type FieldTicket,
  OUTBOX_MAX_BODY_BYTES,
  OutboxBodySchema,
  type OutboxResponse,
} from '../../shared/field/schemas.ts';
import { TEMPLATES } from '../../shared/field/templates.ts';
import { isOpen } from '../../shared/tickets/lifecycle.ts';
import { type GuardDeps, principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody } from '../auth/http.ts';
import { genericMessage } from '../lib/api.ts';
import { AppError } from '../lib/errors.ts';
import { getVisitWithForms, visitsOfEngineer } from '../store/inspections.ts';
import { contactsOfContract, getDevice, getSite } from '../store/register.ts';
import { getStaff } from '../store/staff.ts';
import {
  getTicketWithTimeline,
  type Ticket,
  type TicketEventRecord,
  ticketsOfEngineer,
} from '../store/tickets.ts';
import { voidFirings, withVoid } from '../tickets/firing-views.ts';
import { eventView } from '../tickets/service.ts';
import { siteSnapshot, visitView } from './inspections.ts';
import { OutboxInterrupted, processOutbox } from './outbox.ts';
import { FIELD_EVENT_TYPE } from './ticket-actions.ts';

export const ENGINEER_ONLY = { audience: 'staff', roles: ['engineer'] } as const;

/** A submitted visit stays on the phone this long after its submission. */
const SUBMITTED_VISIT_DAYS = 14;

function staffPrincipal(c: Context): StaffPrincipal {
  const principal = principalOf(c);
  if (principal.kind !== 'staff') throw new AppError('forbidden', 'staff only');
  return principal;
}

function last(events: readonly TicketEventRecord[], type: string): TicketEventRecord | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]?.type === type) return events[i];
  return undefined;
}

function timingOf(e: TicketEventRecord) {
  return {
    at: e.at,
    recordedAt: e.recordedAt ?? e.at,
    receivedAt: e.receivedAt ?? e.at,
    clockOffsetMs: e.clockOffsetMs ?? null,
    corrected: e.corrected ?? false,
  };
}

/** Whether the phone still needs the ticket: open, or resolved / confirmed and not checked out. */
function stillInTheField(t: Ticket, events: readonly TicketEventRecord[]): boolean {
  if (isOpen(t.state)) return true;
  if (t.state !== 'resolved' && t.state !== 'confirmed') return false;
  const checkIn = events.map((e) => e.type).lastIndexOf('checkedIn');
  const checkOut = events.map((e) => e.type).lastIndexOf('checkedOut');
  return checkOut < checkIn || checkIn < 0;
}

async function fieldTicket(
  t: Ticket,
  events: readonly TicketEventRecord[],
  staffId: string,
  contacts: (contractId: string) => Promise<{ name: string; phone: string; role: string }[]>,
  now: Date,
): Promise<FieldTicket> {
  const voids = voidFirings(t, events, now);
  const [site, device, people] = await Promise.all([
    t.siteId === undefined ? undefined : getSite(t.siteId),
    getDevice(t.deviceId),
    contacts(t.contractId),
  ]);
  const reported = t.device as { category: string; model: string; serial?: string };
  const assignedAt = events.map((e) => e.type).lastIndexOf('assigned');
  const accepted = events
    .slice(Math.max(0, assignedAt))
    .filter((e) => e.type === FIELD_EVENT_TYPE.accept && e.actorId === staffId)
    .at(-1);
  const checkInEvent = last(events, 'checkedIn');
  const confirmEvent = last(events, 'customerConfirmed');
  const checkOutEvent = last(events, 'checkedOut');
  const d = (e: TicketEventRecord | undefined) => (e?.data ?? {}) as Record<string, unknown>;
  const checkIn: FieldCheckIn | null =
    checkInEvent === undefined
      ? null
      : {
          ...timingOf(checkInEvent),
          position: (d(checkInEvent).position ?? null) as FieldCheckIn['position'],
          positionError: (d(checkInEvent).positionError ?? null) as FieldCheckIn['positionError'],
          distanceM: (d(checkInEvent).distanceM ?? null) as number | null,
          // A check-in not made from the phone (none yet) has no fix.
          flag: (d(checkInEvent).flag ?? 'noPosition') as FieldCheckIn['flag'],
        };
  const confirmation: FieldConfirmation | null =
    confirmEvent === undefined
      ? null
      : {
          ...timingOf(confirmEvent),
          method: (d(confirmEvent).method ?? 'link') as FieldConfirmation['method'],
          signerName: (d(confirmEvent).signerName ?? null) as string | null,
        };
  const checkOut: FieldCheckOut | null =
    checkOutEvent === undefined
      ? null
      : {
          ...timingOf(checkOutEvent),
          reason: checkOutEvent.reason ?? null,
          flagged: d(checkOutEvent).flagged === true,
        };
  return {
    id: t.ticketId,
    number: t.number,
    state: t.state,
    paused: t.paused,
    faultLevel: t.level as 1 | 2 | 3,
    version: t.version,
    contractId: t.contractId,
    contractName: t.contractName,
    timeZone: t.timeZone,
    description: t.description,
    reportedAt: t.reportedAt,
    acceptedAt: t.acceptedAt,
    arrivalDueAt: t.arrivalDueAt ?? null,
    resolutionDueAt: t.resolutionDueAt ?? null,
    resolutionWarningAt: t.resolutionWarningAt ?? null,
    breachAt: t.breachAt ?? null,
    escalated: t.escalated,
    engineerAcceptedAt: accepted?.at ?? null,
    site: site === undefined ? null : siteSnapshot(site),
    device:
      device === undefined
        ? {
            id: t.deviceId,
            category: reported.category,
            model: reported.model,
            serial: reported.serial ?? null,
          }
        : {
            id: device.deviceId,
            category: device.category,
            model: device.model,
            serial: device.serial ?? null,
          },
    contacts: people,
    // As the desk sees it, void timer firings marked with the reason.
    timeline: events.map((e, i) => withVoid(eventView(e), voids.get(i))),
    checkIn,
    confirmation,
    checkOut,
  };
}

export function mountFieldRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/field/sync', ENGINEER_ONLY, async (c) => {
    const principal = staffPrincipal(c);
    const now = deps.clock();
    const [engineer, assigned, visits] = await Promise.all([
      getStaff(principal.staffId),
      ticketsOfEngineer(principal.staffId),
      visitsOfEngineer(principal.staffId),
    ]);
    if (engineer === undefined) throw new AppError('unauthorized', 'staff gone');
    const contactCache = new Map<string, Promise<{ name: string; phone: string; role: string }[]>>();
    const contacts = (contractId: string) => {
      let found = contactCache.get(contractId);
      if (found === undefined) {
        found = contactsOfContract(contractId).then((list) =>
          list.map((p) => ({ name: p.name, phone: p.phone, role: p.role })),
        );
        contactCache.set(contractId, found);
      }
      return found;
    };
    const loaded = await Promise.all(
      assigned
        .filter((t) => t.companyId === principal.companyId)
        .map((t) => getTicketWithTimeline(t.ticketId)),
    );
    const tickets = await Promise.all(
      loaded
        .filter((l): l is NonNullable<typeof l> => l !== undefined)
        .filter((l) => l.ticket.assignedEngineerId === principal.staffId)
        .filter((l) => stillInTheField(l.ticket, l.events))
        .map((l) => fieldTicket(l.ticket, l.events, principal.staffId, contacts, now)),
    );
    const horizon = now.getTime() - SUBMITTED_VISIT_DAYS * 86_400_000;
    const wanted = visits.filter(
      (v) =>
        v.companyId === principal.companyId &&
        (v.state === 'open' || (v.submittedAt !== undefined && Date.parse(v.submittedAt) >= horizon)),
    );
    const withForms = await Promise.all(wanted.map((v) => getVisitWithForms(v.visitId)));
    const snapshot: FieldSnapshot = {
      serverTime: now.toISOString(),
      engineer: { id: engineer.staffId, name: engineer.name },
      tickets,
      visits: withForms
        .filter((v): v is NonNullable<typeof v> => v !== undefined)
        .map((v) => visitView(v.visit, v.forms)),
      templates: [...TEMPLATES],
    };
    return c.json(snapshot);
  });

  secure(app, deps, 'POST', '/api/field/outbox', ENGINEER_ONLY, async (c) => {
    const principal = staffPrincipal(c);
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > OUTBOX_MAX_BODY_BYTES) throw new AppError('payload_too_large', 'outbox body over 64 KB');
    const body = await readBody(c, OutboxBodySchema);
    const lang = languageOf(c);
    try {
      const results = await processOutbox({ principal, clock: deps.clock, lang }, body.items);
      const answer: OutboxResponse = { serverTime: deps.clock().toISOString(), results };
      return c.json(answer);
    } catch (error) {
      if (!(error instanceof OutboxInterrupted)) throw error;
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'outbox interrupted',
          staffId: principal.staffId,
          applied: error.results.length,
          error: String((error.reason as Error)?.stack ?? error.reason),
        }),
      );
      // The phone keeps every item without an answer and sends it again; the ones answered here are
      // recorded and would answer `duplicate`.
      return c.json(
        {
          error: { code: 'unavailable', message: genericMessage('internal', lang) },
          serverTime: deps.clock().toISOString(),
          results: error.results,
        },
        503,
      );
    }
  });
}
