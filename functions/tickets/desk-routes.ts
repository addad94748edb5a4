/**
 * The desk's ticket routes: the board by time to breach, a ticket with its timeline, and triage and
 * dispatch (assign, level, pause, resume, close). Each change is version-checked and appends an event.
 */
import type { Context, Hono } from 'hono';
import { DESK_ROLES, type Principal } from '../../shared/auth/roles.ts';
import { IdSchema } from '../../shared/auth/schemas.ts';
import {
  AssignBodySchema,
  BoardQuerySchema,
  CloseBodySchema,
  LevelBodySchema,
  PauseBodySchema,
  ResumeBodySchema,
  StaffQuerySchema,
  type TicketDetail,
  type TicketView,
} from '../../shared/tickets/schemas.ts';
import { type GuardDeps, principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody, readQuery } from '../auth/http.ts';
import { reachableOr404 } from '../auth/objects.ts';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../store/audit.ts';
import { notificationViewsOfTicket, undeliveredByTicket } from '../store/notification-views.ts';
import { getStaff, listStaffOfCompany } from '../store/staff.ts';
import {
  boardOfCompany,
  getTicketWithTimeline,
  type Ticket,
  type TicketEventRecord,
} from '../store/tickets.ts';
import { escalationCount, voidFirings, withVoid } from './firing-views.ts';
import { applyChange, eventView, type Loaded, ticketView } from './service.ts';

const desk = { audience: 'staff', roles: DESK_ROLES } as const;

export function idParam(c: Context, name: string): string {
  const parsed = IdSchema.safeParse(c.req.param(name));
  if (!parsed.success) throw new AppError('not_found', 'not found');
  return parsed.data;
}

export function staffActor(principal: Principal): Actor {
  return {
    kind: principal.kind === 'staff' ? 'staff' : 'link',
    id: principal.kind === 'staff' ? principal.staffId : principal.linkId,
  };
}

async function reachableTicket(c: Context): Promise<Loaded> {
  const loaded = await getTicketWithTimeline(idParam(c, 'ticketId'));
  return reachableOr404(principalOf(c), loaded, (l) => ({
    companyId: l.ticket.companyId,
    contractId: l.ticket.contractId,
  }));
}

type CheckInMark = NonNullable<NonNullable<TicketView['alerts']>['checkIn']>;

/**
 * The flag of the ticket's last check-in when the phone did not place the engineer on site
 * (`beyondRadius`, `noPosition`); null when it did, or before any check-in.
 */
export function checkInMark(events: readonly TicketEventRecord[]): CheckInMark | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type !== 'checkedIn') continue;
    const flag = (e.data as Record<string, unknown> | undefined)?.flag;
    return flag === 'beyondRadius' || flag === 'noPosition' ? flag : null;
  }
  return null;
}

const checkInAlert = (mark: CheckInMark | null) => (mark === null ? {} : { checkIn: mark });

/** States a ticket reaches only through a check-in: its board row reads the timeline for the flag. */
const CHECKED_IN = new Set<string>(['onSite', 'resolved', 'confirmed']);

/**
 * The ticket with its timeline (timer firings the SLA engine no longer counts marked void), the SMS of
 * its firings (phones masked) and the board's marks.
 */
async function detail(loaded: Loaded, now: Date): Promise<TicketDetail> {
  const notifications = await notificationViewsOfTicket(loaded.ticket.ticketId);
  const voids = voidFirings(loaded.ticket, loaded.events, now);
  return {
    ticket: {
      ...ticketView(loaded.ticket),
      alerts: {
        escalations: escalationCount(loaded.events, voids),
        failedSms: notifications.filter((n) => n.status === 'undelivered').length,
        ...checkInAlert(checkInMark(loaded.events)),
      },
    },
    timeline: loaded.events.map((e, i) => withVoid(eventView(e), voids.get(i))),
    notifications,
  };
}

/** Board tickets read at once for their marks. */
const MARK_READS = 8;

/**
 * The board's marks of each ticket: its SMS that failed every attempt (one query for the company) and,
 * for an escalated ticket or one past its check-in, the escalations that count and the check-in's flag
 * (one query of its timeline).
 */
async function withMarks(companyId: string, tickets: Ticket[], now: Date): Promise<TicketView[]> {
  const undelivered = await undeliveredByTicket(companyId);
  const views: TicketView[] = new Array(tickets.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tickets.length; i = next++) {
      const t = tickets[i] as Ticket;
      let escalations = 0;
      let checkIn: CheckInMark | null = null;
      if (t.escalated || CHECKED_IN.has(t.state)) {
        const l = await getTicketWithTimeline(t.ticketId);
        if (l !== undefined) {
          if (t.escalated) escalations = escalationCount(l.events, voidFirings(l.ticket, l.events, now));
          checkIn = checkInMark(l.events);
        }
      }
      views[i] = {
        ...ticketView(t),
        alerts: { escalations, failedSms: undelivered.get(t.ticketId) ?? 0, ...checkInAlert(checkIn) },
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(MARK_READS, tickets.length) }, worker));
  return views;
}

const ENGINEER_NEEDED = {
  'zh-CN': 'engineerId:请选择本公司在职的工程师',
  en: 'engineerId: choose an active engineer of your company',
} as const;

/** The staff member of `engineerId` if an active engineer of the caller's company; otherwise a 400 naming the field. */
export async function activeEngineer(c: Context, principal: Principal, engineerId: string) {
  const engineer = await getStaff(engineerId);
  if (
    engineer === undefined ||
    engineer.companyId !== principal.companyId ||
    !engineer.active ||
    !engineer.roles.includes('engineer')
  ) {
    throw new AppError('bad_request', ENGINEER_NEEDED[languageOf(c)], 'engineerId');
  }
  return engineer;
}

export function mountTicketDeskRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/desk/board', desk, async (c) => {
    const principal = principalOf(c);
    const query = readQuery(c, BoardQuerySchema);
    const tickets = (await boardOfCompany(principal.companyId)).filter(
      (t) =>
        (query.contractId === undefined || t.contractId === query.contractId) &&
        (query.level === undefined || t.level === query.level) &&
        (query.state === undefined || t.state === query.state) &&
        (query.engineerId === undefined || t.assignedEngineerId === query.engineerId),
    );
    return c.json({ tickets: await withMarks(principal.companyId, tickets, deps.clock()) });
  });

  secure(app, deps, 'GET', '/api/desk/tickets/:ticketId', desk, async (c) =>
    c.json(await detail(await reachableTicket(c), deps.clock())),
  );

  secure(app, deps, 'POST', '/api/desk/tickets/:ticketId/assign', desk, async (c) => {
    const principal = principalOf(c);
    const loaded = await reachableTicket(c);
    const body = await readBody(c, AssignBodySchema);
    const engineer = await activeEngineer(c, principal, body.engineerId);
    const after = await applyChange(loaded, {
      command: 'assign',
      event: { type: 'assigned', data: { engineerId: engineer.staffId, engineerName: engineer.name } },
      actor: staffActor(principal),
      now: deps.clock(),
      expectedVersion: body.expectedVersion,
      set: { assignedEngineerId: engineer.staffId, assignedEngineerName: engineer.name },
    });
    return c.json(await detail(after, deps.clock()));
  });

  secure(app, deps, 'POST', '/api/desk/tickets/:ticketId/level', desk, async (c) => {
    const loaded = await reachableTicket(c);
    const body = await readBody(c, LevelBodySchema);
    const same = body.faultLevel === loaded.ticket.level;
    const after = await applyChange(loaded, {
      command: 'triage',
      event: {
        type: same ? 'levelConfirmed' : 'levelChanged',
        reason: body.reason,
        data: { faultLevel: body.faultLevel },
      },
      actor: staffActor(principalOf(c)),
      now: deps.clock(),
      expectedVersion: body.expectedVersion,
    });
    return c.json(await detail(after, deps.clock()));
  });

  const simple = [
    ['pause', 'paused', PauseBodySchema],
    ['resume', 'resumed', ResumeBodySchema],
    ['close', 'closed', CloseBodySchema],
  ] as const;
  for (const [command, type, schema] of simple) {
    secure(app, deps, 'POST', `/api/desk/tickets/:ticketId/${command}`, desk, async (c) => {
      const loaded = await reachableTicket(c);
      const body = await readBody(c, schema);
      const after = await applyChange(loaded, {
        command,
        event: { type, reason: body.reason },
        actor: staffActor(principalOf(c)),
        now: deps.clock(),
        expectedVersion: body.expectedVersion,
      });
      return c.json(await detail(after, deps.clock()));
    });
  }

  secure(app, deps, 'GET', '/api/desk/staff', desk, async (c) => {
    const principal = principalOf(c);
    const { role } = readQuery(c, StaffQuerySchema);
    const staff = (await listStaffOfCompany(principal.companyId)).filter(
      (m) => m.active && (role === undefined || m.roles.includes(role)),
    );
    return c.json({
      staff: staff.map((m) => ({ staffId: m.staffId, name: m.name, roles: [...m.roles], active: m.active })),
    });
  });
}
