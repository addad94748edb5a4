/**
 * The decide step of a ticket's timer (docs/timers.md): reload the ticket and its events, run the SLA
 * engine up to now, record every firing that is due and not yet on the ticket — warnings, escalations
 * (level and tier, with the missed target), arrival missed, report due and missed — and answer the
 * ticket's next wake-up.
 *
 * Exactly once: the firings and the ticket's new clocks are one transaction conditioned on the version
 * that was read, each event's sort key is the ticket's version after it, and a firing is recognised on
 * the timeline by its key. A duplicate, stale or racing execution therefore either finds the firings
 * recorded (nothing to write) or fails the condition, reloads and decides once more.
 */
import {
  type Alert,
  type ClockResult,
  computeClocks,
  type Escalation,
  type SlaPolicy,
} from '../../shared/sla/index.ts';
import type { Actor } from '../store/audit.ts';
import { clearRetryWake } from '../store/notifications.ts';
import {
  FIRINGS_PER_TRANSACTION,
  getTicket,
  getTicketWithTimeline,
  saveTimerFirings,
  type Ticket,
  type TicketEventRecord,
  withClocks,
} from '../store/tickets.ts';
import { clockFields, engineEvents } from '../tickets/clocks.ts';
import { type NotificationIntent, notify, retryNotifications } from './notify.ts';
import { earlier } from './port.ts';

export interface DecideInput {
  ticketId: string;
}

export interface DecideOutput {
  ticketId: string;
  /** The next instant to wake, ISO-8601, or null when the ticket needs no more timers. */
  wakeAt: string | null;
}

export interface DecideDeps {
  /** Now; injected so tests (and a replay) choose the instant. */
  clock: () => Date;
  /** The actor of the events and audit records; default `{ kind: 'system', id: 'timer' }`. */
  actor?: Actor;
}

export const TIMER_ACTOR: Actor = { kind: 'system', id: 'timer' };

/** The timeline event type of each firing. */
export const FIRING_EVENT_TYPES = {
  escalation: 'escalated',
  arrivalWarning: 'arrivalWarning',
  arrivalMissed: 'arrivalMissed',
  resolutionWarning: 'resolutionWarning',
  reportWarning: 'reportWarning',
  reportMissed: 'reportMissed',
} as const;

type Firing = { kind: 'escalation'; escalation: Escalation } | { kind: 'alert'; alert: Alert };

/**
 * A firing's identity on the timeline: kind, instant, tier and level (and the report clock), as
 * docs/sla-engine.md asks timers to key them.
 */
export function firingKey(firing: Firing): string {
  if (firing.kind === 'escalation') {
    const e = firing.escalation;
    return `escalation@${e.at}#L${e.fromLevel}>L${e.toLevel}/T${e.tier}`;
  }
  const a = firing.alert;
  return `${a.kind}@${a.at}#L${a.level ?? '-'}/T${a.tier}${a.report === undefined ? '' : `/R${a.report}`}`;
}

/** The firings of a clock result that count (not void), in order of their instants. */
export function firingsOf(result: ClockResult): Firing[] {
  const firings: (Firing & { at: string })[] = [
    ...result.escalations
      .filter((e) => !e.void)
      .map((escalation) => ({ kind: 'escalation' as const, escalation, at: escalation.at })),
    ...result.alerts.filter((a) => !a.void).map((alert) => ({ kind: 'alert' as const, alert, at: alert.at })),
  ];
  // Stable: at one instant the engine's own order (escalations before alerts) stays.
  return firings.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function recordedKeys(events: readonly TicketEventRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const e of events) {
    const key = (e.data as { firing?: unknown } | undefined)?.firing;
    if (typeof key === 'string') keys.add(key);
  }
  return keys;
}

/** What the text of a firing says beyond the ticket number: level, the target, time left. */
function detailOf(firing: Firing, context: IntentContext): NotificationIntent['detail'] {
  if (firing.kind === 'escalation') {
    const e = firing.escalation;
    return { level: e.toLevel, dueAt: e.missedTarget.dueAt };
  }
  const a = firing.alert;
  const { policy } = context;
  const level = a.level === undefined ? {} : { level: a.level };
  switch (a.kind) {
    case 'arrivalWarning': {
      const dueAt = context.arrivalDueAt;
      if (dueAt === null) return level;
      return { ...level, dueAt, minutesLeft: Math.round((Date.parse(dueAt) - Date.parse(a.at)) / 60_000) };
    }
    case 'resolutionWarning': {
      if (a.level === undefined) return level;
      // Service time left at the warning: the rest of the level's target after the warning share.
      return {
        ...level,
        minutesLeft: Math.round((1 - policy.warningRatio) * policy.resolutionMinutes[a.level]),
      };
    }
    case 'reportWarning':
      return {
        ...level,
        daysLeft: Math.ceil((policy.report.dueAfterHours - policy.report.warningAfterHours) / 24),
      };
    default:
      return { ...level, dueAt: a.at };
  }
}

interface IntentContext {
  policy: SlaPolicy;
  /** The arrival deadline as the engine computes it now. */
  arrivalDueAt: string | null;
}

function intentOf(key: string, firing: Firing, context: IntentContext): NotificationIntent {
  const f = firing.kind === 'escalation' ? firing.escalation : firing.alert;
  return {
    channel: 'sms',
    firing: key,
    template: firing.kind === 'escalation' ? 'escalation' : firing.alert.kind,
    tier: f.tier,
    roles: [...f.recipients],
    at: f.at,
    detail: detailOf(firing, context),
    status: 'pending',
  };
}

function eventOf(key: string, firing: Firing, now: Date, context: IntentContext) {
  const notification = intentOf(key, firing, context);
  if (firing.kind === 'escalation') {
    const e = firing.escalation;
    return {
      type: FIRING_EVENT_TYPES.escalation,
      at: e.at,
      data: {
        firing: key,
        fromLevel: e.fromLevel,
        toLevel: e.toLevel,
        faultLevel: e.toLevel,
        tier: e.tier,
        cause: e.cause,
        missedTarget: { ...e.missedTarget },
        recipients: [...e.recipients],
        retroactive: e.retroactive,
        recordedAt: now.toISOString(),
        notification,
      },
    };
  }
  const a = firing.alert;
  return {
    type: FIRING_EVENT_TYPES[a.kind],
    at: a.at,
    data: {
      firing: key,
      tier: a.tier,
      recipients: [...a.recipients],
      ...(a.level === undefined ? {} : { level: a.level }),
      ...(a.late === undefined ? {} : { late: a.late }),
      ...(a.report === undefined ? {} : { report: a.report }),
      retroactive: a.retroactive,
      recordedAt: now.toISOString(),
      notification,
    },
  };
}

type Outcome =
  | { kind: 'done'; wakeAt: string | null; ticket?: Ticket; closed?: true }
  | { kind: 'conflict' }
  | { kind: 'more' };

async function decideOnce(ticketId: string, now: Date, actor: Actor): Promise<Outcome> {
  const loaded = await getTicketWithTimeline(ticketId);
  if (loaded === undefined) return { kind: 'done', wakeAt: null };
  if (loaded.ticket.state === 'closed') return { kind: 'done', wakeAt: null, closed: true };
  const before = loaded.ticket;
  const until = now.toISOString();
  const result = computeClocks({ policy: before.policy, events: engineEvents(loaded.events), until });
  const recorded = recordedKeys(loaded.events);
  const due = firingsOf(result)
    .map((firing) => ({ key: firingKey(firing), firing }))
    .filter(({ key }) => !recorded.has(key));
  const clocks = clockFields(before.policy, loaded.events, now, before.state);
  if (due.length === 0) return { kind: 'done', wakeAt: clocks.nextWakeAt ?? null, ticket: before };

  const batch = due.slice(0, FIRINGS_PER_TRANSACTION);
  const context: IntentContext = { policy: before.policy, arrivalDueAt: result.arrival.dueAt };
  const events = batch.map(({ key, firing }) => eventOf(key, firing, now, context));
  const after: Ticket = withClocks(
    { ...before, updatedAt: until, version: before.version + events.length },
    clocks,
  );
  const committed = await saveTimerFirings({ before, after, events, actor, now });
  if (!committed) return { kind: 'conflict' };
  await notify(
    after,
    events.map((e) => e.data.notification),
    now,
  );
  if (due.length > batch.length) return { kind: 'more' };
  return { kind: 'done', wakeAt: after.nextWakeAt ?? null, ticket: after };
}

/** The decide step with its clock; `functions/handlers/timer-decide.ts` gives it the real one. */
export function createDecide(deps: DecideDeps): (input: DecideInput) => Promise<DecideOutput> {
  const actor = deps.actor ?? TIMER_ACTOR;
  return async (input) => {
    const { ticketId } = input;
    let conflicts = 0;
    let engine: { wakeAt: string | null; ticket: Ticket | undefined; closed?: boolean } | undefined;
    for (;;) {
      const outcome = await decideOnce(ticketId, deps.clock(), actor);
      if (outcome.kind === 'done') {
        engine = { wakeAt: outcome.wakeAt, ticket: outcome.ticket, closed: outcome.closed === true };
        break;
      }
      if (outcome.kind === 'conflict' && ++conflicts > 1) break;
    }
    if (engine === undefined) {
      // Two writers came first in a row: they hold the record; answer the ticket's current next wake-up.
      const current = await getTicket(ticketId);
      const open = current !== undefined && current.state !== 'closed';
      engine = {
        wakeAt: open ? (current.nextWakeAt ?? null) : null,
        ticket: open ? current : undefined,
        closed: current?.state === 'closed',
      };
    }
    // Unknown and closed tickets end their timer; notifications of an open one are retried when due, and
    // the timer wakes for the earlier of the engine's next instant and the next retry.
    if (engine.ticket === undefined) {
      if (engine.closed === true) await clearRetryWake(ticketId);
      return { ticketId, wakeAt: null };
    }
    const retryAt = await retryNotifications(engine.ticket, deps.clock());
    return { ticketId, wakeAt: earlier(engine.wakeAt, retryAt) };
  };
}

/**
 * What the decide Lambda throws when the store failed in a way that passes: throttling, a DynamoDB
 * server error, a transaction still in progress, a connection that failed. The state machine's `Decide`
 * Task retries it by this name with back-off (infra/timers/ticket-timer.asl.json): Lambda reports a
 * function's error under its exception's name, and ElectroDB wraps every DynamoDB error in an
 * `ElectroError`, so the name must be set here for a retrier to match it.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Whether an error (or one it was caused by) is a passing failure of the store. */
export function isTransientStoreError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e !== undefined && e !== null && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const x = e as {
      name?: unknown;
      code?: unknown;
      $metadata?: { httpStatusCode?: number };
      errors?: unknown[];
    };
    if (typeof x.name === 'string' && TRANSIENT_NAMES.has(x.name)) return true;
    if (typeof x.code === 'string' && TRANSIENT_CODES.has(x.code)) return true;
    if ((x.$metadata?.httpStatusCode ?? 0) >= 500) return true;
    // Node reports a refused connection to every address of a name as an AggregateError.
    if (Array.isArray(x.errors) && x.errors.some((inner) => isTransientStoreError(inner))) return true;
  }
  return false;
}
