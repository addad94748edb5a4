/**
 * The clock engine: from a ticket's events and its policy version, everything the SLA says about the
 * ticket as of an instant `until` — acceptance, arrival, resolution per level segment, warnings,
 * escalation steps, service reports, flags, and the next instant a timer must wake.
 *
 * How it works.
 *
 * 1. Times. Each event's effective time is its recorded time, corrected by the phone's measured clock
 *    offset when that exceeds the tolerance, then held no later than its receipt by the server and no
 *    earlier than acceptance. Every correction is kept in the timeline. Events after `until` are not
 *    yet history and are ignored.
 * 2. Simulation. One pass in time order over the events, interleaved with the instants at which the
 *    clocks fire (warnings, deadlines). At one instant, events come first: a resolution at the deadline
 *    meets it, a level change at the deadline replaces it. The resolution clock is a chain of segments:
 *    acceptance opens the first; triage replaces the current segment with the new level's target counted
 *    from the same clock start (and steps once at the change when that target has already run out); a
 *    passed deadline steps the level (3 → 2 → 1, then 1 again) and the tier (up to the last tier) and
 *    starts the new target at that instant. Each step starts a target of positive service time, so two
 *    steps never share an instant.
 * 3. Hindsight. An event recorded offline is known to the server only from its receipt. The engine
 *    replays what the server would have fired with the events it knew at each moment (one replay per
 *    distinct receipt of a late event). A firing in that history that the full record does not contain
 *    (the fault was in fact resolved in time) is reported with `void: true`; a firing the full record
 *    contains but the server could not have known then is reported `retroactive: true`.
 */
import * as z from 'zod';
import type { Intervals, ServiceCalendar } from './calendar.ts';
import { compileCalendar, mergeIntervals } from './calendar.ts';
import { type TicketEvent, TicketEventSchema, type TicketEventType } from './events.ts';
import { type Explanation, explainDeadline } from './explain.ts';
import { type EscalationRole, type FaultLevel, type SlaPolicy, SlaPolicySchema } from './policy.ts';
import { HOUR_MS, InstantSchema, MINUTE_MS, toEpochMs, toIsoUtc } from './time.ts';

export const ClockInputSchema = z.object({
  policy: SlaPolicySchema,
  events: z.array(TicketEventSchema),
  /** Evaluate as of this instant. */
  until: InstantSchema,
});
export type ClockInput = z.infer<typeof ClockInputSchema>;

export class SlaInputError extends Error {
  override name = 'SlaInputError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

export type TimeCorrection = 'clockOffset' | 'clampedToReceipt' | 'clampedToAcceptance';

export interface TimelineEntry {
  /** Index of the event in the input. */
  index: number;
  type: TicketEventType;
  /** The time the clocks use. */
  at: string;
  /** The time the device recorded. */
  recordedAt: string;
  receivedAt: string | null;
  corrections: TimeCorrection[];
  /** Ignored: after `until`, or out of place (see anomalies). */
  ignored: boolean;
}

export type FiringKind =
  | 'arrivalWarning'
  | 'arrivalMissed'
  | 'resolutionWarning'
  | 'escalation'
  | 'reportWarning'
  | 'reportMissed';

export interface MissedTarget {
  clock: 'resolution';
  level: FaultLevel;
  targetMinutes: number;
  startAt: string;
  dueAt: string;
}

export type Recipient = EscalationRole | 'dispatcherOnDuty';

export interface Escalation {
  at: string;
  fromLevel: FaultLevel;
  toLevel: FaultLevel;
  tier: number;
  /** `deadline`: the resolution deadline passed; `triage`: a level change found its target already run out. */
  cause: 'deadline' | 'triage';
  missedTarget: MissedTarget;
  /** Roles of tiers 1..tier, each of whose contacts gets an SMS. */
  recipients: Recipient[];
  void: boolean;
  voidReason?: 'resolvedBeforeDeadline' | 'recomputed';
  retroactive: boolean;
}

export interface Alert {
  kind: Exclude<FiringKind, 'escalation'>;
  at: string;
  tier: number;
  recipients: Recipient[];
  /** For a resolution warning: the level whose target it warns about. */
  level?: FaultLevel;
  /** The warning instant had passed when its segment began (triage), so it fired at the change. */
  late?: boolean;
  /** Index of the report clock for report alerts. */
  report?: number;
  void: boolean;
  voidReason?:
    | 'checkedInBeforeDeadline'
    | 'resolvedBeforeDeadline'
    | 'submittedBeforeDeadline'
    | 'recomputed';
  retroactive: boolean;
}

export interface ResolutionSegment {
  level: FaultLevel;
  /** Start of the clock this segment's target counts from. */
  startAt: string;
  /** When the segment came into force. */
  openedAt: string;
  openedBy: 'acceptance' | 'triage' | 'escalation';
  targetMinutes: number;
  dueAt: string | null;
  warningAt: string | null;
  endedAt: string | null;
  endedBy: 'triage' | 'escalation' | 'resolved' | null;
  explain: Explanation;
  warningExplain: Explanation;
}

export interface ReportClock {
  checkedOutAt: string;
  dueAt: string;
  warningAt: string;
  submittedAt: string | null;
  status: 'pending' | 'submitted' | 'late' | 'missed';
  explain: Explanation;
}

export interface Flag {
  kind: 'checkedOutWithoutConfirmation';
  at: string;
  reason: string | null;
}

export interface Anomaly {
  code:
    | 'eventBeforeReport'
    | 'duplicateReport'
    | 'resumedWithoutPause'
    | 'pausedTwice'
    | 'eventAfterResolution'
    | 'checkOutWithoutReason'
    | 'holidayDataMissing'
    | 'escalationLimit';
  index?: number;
  message: string;
}

export interface ClockResult {
  policy: { policyId: string; version: number; serviceLevel: string };
  timeZone: string;
  until: string;
  reportedAt: string;
  /** 受理. */
  acceptedAt: string;
  acceptance: { deferred: boolean; explain: Explanation };
  arrival: {
    dueAt: string;
    warningAt: string;
    checkedInAt: string | null;
    /** `notNeeded`: resolved before the arrival deadline without a visit. */
    status: 'pending' | 'met' | 'late' | 'missed' | 'notNeeded';
    /** How late the check-in was, or how late it is at `until` while still missing (ms). */
    lateByMs: number | null;
    explain: Explanation;
    warningExplain: Explanation;
  };
  resolution: {
    status: 'running' | 'paused' | 'resolved';
    /** The fault level and tier in force at `until`. */
    level: FaultLevel;
    tier: number;
    /** The deadline in force at `until`; null while paused or once resolved. */
    dueAt: string | null;
    warningAt: string | null;
    resolvedAt: string | null;
    /** `met`: resolved with no (non-void) escalation; `missed`: at least one escalation. */
    outcome: 'open' | 'met' | 'missed';
    segments: ResolutionSegment[];
    pausedMinutes: number;
  };
  /** Warnings and alerts up to `until`, in time order (escalations apart). */
  alerts: Alert[];
  escalations: Escalation[];
  reports: ReportClock[];
  flags: Flag[];
  timeline: TimelineEntry[];
  anomalies: Anomaly[];
  /** The next instant after `until` at which a clock fires; null when nothing is pending. */
  nextWakeAt: string | null;
}

interface Normalized {
  index: number;
  event: TicketEvent;
  atMs: number;
  recordedMs: number;
  receivedMs: number | null;
  /** When the server knew it: receipt, or its time when no receipt is given. */
  knownMs: number;
  corrections: TimeCorrection[];
}

interface Firing {
  kind: FiringKind;
  at: number;
  tier: number;
  level?: FaultLevel;
  toLevel?: FaultLevel;
  cause?: 'deadline' | 'triage';
  missed?: { level: FaultLevel; targetMs: number; startMs: number; dueMs: number };
  late?: boolean;
  report?: number;
  assigned: boolean;
}

interface Segment {
  level: FaultLevel;
  startMs: number;
  openedMs: number;
  openedBy: ResolutionSegment['openedBy'];
  /** What started the clock this segment counts from. */
  clockStartedBy: 'acceptance' | 'escalation';
  targetMs: number;
  dueMs: number;
  warningMs: number;
  endedMs: number | null;
  endedBy: ResolutionSegment['endedBy'];
}

interface Simulation {
  firings: Firing[];
  upcoming: number[];
  segments: Segment[];
  level: FaultLevel;
  tier: number;
  resolvedMs: number | null;
  pauses: number[];
  arrival: { dueMs: number; warningMs: number; checkInMs: number | null; resolvedFirst: boolean };
  reports: { checkedOutMs: number; dueMs: number; warningMs: number; submittedMs: number | null }[];
  flags: Flag[];
  anomalies: Anomaly[];
}

interface Context {
  policy: SlaPolicy;
  calendar: ServiceCalendar;
  reportedMs: number;
  acceptedMs: number;
  untilMs: number;
}

/** Steps beyond this many in one evaluation mean `until` is unreasonably far; the rest is not listed. */
const MAX_STEPS = 20_000;

/**
 * The clocks of one ticket as of `until`. Throws SlaInputError when the input cannot be evaluated (no
 * reported event); everything else out of place is listed in `anomalies`.
 */
export function computeClocks(input: ClockInput): ClockResult {
  const { policy } = input;
  const calendar = compileCalendar(policy.calendar);
  const untilMs = toEpochMs(input.until);

  const reports = input.events
    .map((event, index) => ({ event, index }))
    .filter((e) => e.event.type === 'reported')
    .map((e) => ({ ...e, ms: correctedTime(e.event, policy).ms }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index);
  const first = reports[0];
  if (first === undefined) throw new SlaInputError('events', 'a ticket needs a "reported" event');
  const reportedMs = first.ms;
  const acceptedMs = calendar.nextOpening(reportedMs);
  const ctx: Context = { policy, calendar, reportedMs, acceptedMs, untilMs };

  const anomalies: Anomaly[] = [];
  for (const r of reports.slice(1)) {
    anomalies.push({
      code: 'duplicateReport',
      index: r.index,
      message: 'a second report of the same ticket is ignored',
    });
  }
  const ignoredIndexes = new Set(reports.slice(1).map((r) => r.index));

  const normalized: Normalized[] = input.events.map((event, index) =>
    normalize(event, index, policy, acceptedMs),
  );
  const inScope = normalized
    .filter((n) => !ignoredIndexes.has(n.index) && n.atMs <= untilMs)
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  for (const n of normalized) {
    if (
      n.event.type !== 'reported' &&
      n.recordedMs < reportedMs &&
      n.corrections.includes('clampedToAcceptance')
    ) {
      anomalies.push({
        code: 'eventBeforeReport',
        index: n.index,
        message: 'recorded before the ticket was reported',
      });
    }
  }

  const truth = simulate(ctx, inScope);
  anomalies.push(...truth.anomalies);

  // Hindsight: replay what the server fired with what it knew, once per receipt of a late event.
  // The report itself is never late: acceptance is derived from it.
  const late = inScope.filter((n) => n.event.type !== 'reported' && n.knownMs > n.atMs);
  const fired: Firing[] = [];
  if (late.length === 0) {
    fired.push(...truth.firings);
  } else {
    const boundaries = [...new Set(late.map((n) => n.knownMs))].sort((a, b) => a - b);
    const epochs = [Number.NEGATIVE_INFINITY, ...boundaries];
    for (let i = 0; i < epochs.length; i++) {
      const from = epochs[i] as number;
      const to = epochs[i + 1] ?? Number.POSITIVE_INFINITY;
      if (from > untilMs) break;
      const known = inScope.filter(
        (n) => n.event.type === 'reported' || n.knownMs <= n.atMs || n.knownMs <= from,
      );
      const sim = i === epochs.length - 1 ? truth : simulate(ctx, known);
      for (const f of sim.firings) if (f.at >= from && f.at < to) fired.push(f);
    }
  }
  const truthKeys = new Set(truth.firings.map(firingKey));
  const firedKeys = new Set(fired.map(firingKey));
  const voided = fired.filter((f) => !truthKeys.has(firingKey(f)));
  const all = [
    ...truth.firings.map((f) => ({ f, void: false, retroactive: !firedKeys.has(firingKey(f)) })),
    ...voided.map((f) => ({ f, void: true, retroactive: false })),
  ].sort((a, b) => a.f.at - b.f.at || Number(a.void) - Number(b.void));

  const escalations: Escalation[] = [];
  const alerts: Alert[] = [];
  for (const { f, void: isVoid, retroactive } of all) {
    const recipients = recipientsOf(policy, f.tier, f.assigned);
    if (f.kind === 'escalation') {
      const missed = f.missed;
      if (missed === undefined || f.level === undefined || f.toLevel === undefined || f.cause === undefined)
        continue;
      escalations.push({
        at: toIsoUtc(f.at),
        fromLevel: f.level,
        toLevel: f.toLevel,
        tier: f.tier,
        cause: f.cause,
        missedTarget: {
          clock: 'resolution',
          level: missed.level,
          targetMinutes: missed.targetMs / MINUTE_MS,
          startAt: toIsoUtc(missed.startMs),
          dueAt: toIsoUtc(missed.dueMs),
        },
        recipients,
        void: isVoid,
        ...(isVoid ? { voidReason: voidReason(f, truth) as 'resolvedBeforeDeadline' | 'recomputed' } : {}),
        retroactive,
      });
    } else {
      alerts.push({
        kind: f.kind,
        at: toIsoUtc(f.at),
        tier: f.tier,
        recipients,
        ...(f.level === undefined ? {} : { level: f.level }),
        ...(f.late ? { late: true } : {}),
        ...(f.report === undefined ? {} : { report: f.report }),
        void: isVoid,
        ...(isVoid ? { voidReason: voidReason(f, truth) } : {}),
        retroactive,
      });
    }
  }

  const resolution = describeResolution(ctx, truth, escalations);
  const arrival = describeArrival(ctx, truth);
  const reportClocks: ReportClock[] = truth.reports.map((r) => {
    const submitted = r.submittedMs;
    const status: ReportClock['status'] =
      submitted !== null
        ? submitted <= r.dueMs
          ? 'submitted'
          : 'late'
        : untilMs >= r.dueMs
          ? 'missed'
          : 'pending';
    return {
      checkedOutAt: toIsoUtc(r.checkedOutMs),
      dueAt: toIsoUtc(r.dueMs),
      warningAt: toIsoUtc(r.warningMs),
      submittedAt: submitted === null ? null : toIsoUtc(submitted),
      status,
      explain: explainDeadline(calendar, {
        rule: { zh: '现场服务文档', en: 'service report' },
        startedBy: { zh: '离场', en: 'check-out' },
        startMs: r.checkedOutMs,
        dueMs: r.dueMs,
        targetMs: policy.report.dueAfterHours * HOUR_MS,
        plainTime: true,
      }),
    };
  });

  const timeline: TimelineEntry[] = normalized.map((n) => ({
    index: n.index,
    type: n.event.type,
    at: toIsoUtc(n.atMs),
    recordedAt: toIsoUtc(n.recordedMs),
    receivedAt: n.receivedMs === null ? null : toIsoUtc(n.receivedMs),
    corrections: n.corrections,
    ignored: ignoredIndexes.has(n.index) || n.atMs > untilMs,
  }));

  const missingYears = new Set<number>();
  for (const e of [resolution.explainSource, arrival.explain]) {
    for (const y of e?.facts.holidayDataMissing ?? []) missingYears.add(y);
  }
  for (const y of missingYears) {
    anomalies.push({
      code: 'holidayDataMissing',
      message: `the ${y} public holiday schedule is not published in the shipped data; Monday–Friday count as working days`,
    });
  }

  const upcoming = truth.upcoming.filter((t) => t > untilMs && Number.isFinite(t));
  return {
    policy: { policyId: policy.policyId, version: policy.version, serviceLevel: policy.serviceLevel },
    timeZone: calendar.timeZone,
    until: toIsoUtc(untilMs),
    reportedAt: toIsoUtc(reportedMs),
    acceptedAt: toIsoUtc(acceptedMs),
    acceptance: {
      deferred: acceptedMs > reportedMs,
      explain: explainAcceptance(calendar, reportedMs, acceptedMs),
    },
    arrival: arrival.result,
    resolution: resolution.result,
    alerts,
    escalations,
    reports: reportClocks,
    flags: truth.flags,
    timeline,
    anomalies,
    nextWakeAt: upcoming.length === 0 ? null : toIsoUtc(Math.min(...upcoming)),
  };
}

function correctedTime(event: TicketEvent, policy: SlaPolicy): { ms: number; corrections: TimeCorrection[] } {
  let ms = toEpochMs(event.at);
  const corrections: TimeCorrection[] = [];
  const offset = event.clockOffsetMs;
  if (offset !== undefined && Math.abs(offset) > policy.clockSkewToleranceMs) {
    ms -= offset;
    corrections.push('clockOffset');
  }
  if (event.receivedAt !== undefined) {
    const received = toEpochMs(event.receivedAt);
    if (ms > received) {
      ms = received;
      corrections.push('clampedToReceipt');
    }
  }
  return { ms, corrections };
}

function normalize(event: TicketEvent, index: number, policy: SlaPolicy, acceptedMs: number): Normalized {
  const { ms, corrections } = correctedTime(event, policy);
  let atMs = ms;
  if (event.type !== 'reported' && atMs < acceptedMs) {
    atMs = acceptedMs;
    corrections.push('clampedToAcceptance');
  }
  const receivedMs = event.receivedAt === undefined ? null : toEpochMs(event.receivedAt);
  return {
    index,
    event,
    atMs,
    recordedMs: toEpochMs(event.at),
    receivedMs,
    knownMs: receivedMs === null ? atMs : Math.max(receivedMs, atMs),
    corrections,
  };
}

function firingKey(f: Firing): string {
  return `${f.kind}|${f.at}|${f.level ?? ''}|${f.toLevel ?? ''}|${f.tier}|${f.report ?? ''}`;
}

function voidReason(f: Firing, truth: Simulation): NonNullable<Alert['voidReason']> {
  if (f.kind === 'arrivalWarning' || f.kind === 'arrivalMissed') {
    const checkIn = truth.arrival.checkInMs;
    if (checkIn !== null && checkIn <= f.at) return 'checkedInBeforeDeadline';
  }
  if (f.kind === 'reportWarning' || f.kind === 'reportMissed') {
    const r = f.report === undefined ? undefined : truth.reports[f.report];
    if (r?.submittedMs != null && r.submittedMs <= f.at) return 'submittedBeforeDeadline';
  }
  if (truth.resolvedMs !== null && truth.resolvedMs <= f.at) return 'resolvedBeforeDeadline';
  return 'recomputed';
}

function recipientsOf(policy: SlaPolicy, tier: number, assigned: boolean): Recipient[] {
  return policy.escalation.tiers
    .slice(0, tier)
    .map((role) => (role === 'assignedEngineer' && !assigned ? 'dispatcherOnDuty' : role));
}

function targetOf(policy: SlaPolicy, level: FaultLevel): number {
  return policy.resolutionMinutes[level] * MINUTE_MS;
}

function levelAfterStep(level: FaultLevel): FaultLevel {
  return level === 3 ? 2 : 1;
}

/** Pause intervals of the resolution clock from paused/resumed events (in time order). */
function pausesOf(events: readonly Normalized[], anomalies: Anomaly[], record: boolean): number[] {
  const flat: number[] = [];
  let open: number | null = null;
  for (const n of events) {
    if (n.event.type === 'paused') {
      if (open !== null) {
        if (record)
          anomalies.push({ code: 'pausedTwice', index: n.index, message: 'paused while already paused' });
        continue;
      }
      open = n.atMs;
    } else if (n.event.type === 'resumed') {
      if (open === null) {
        if (record)
          anomalies.push({
            code: 'resumedWithoutPause',
            index: n.index,
            message: 'resumed while not paused',
          });
        continue;
      }
      flat.push(open, n.atMs);
      open = null;
    } else if (n.event.type === 'resolved') {
      break;
    }
  }
  if (open !== null) flat.push(open, Number.POSITIVE_INFINITY);
  return mergeIntervals(flat);
}

function simulate(ctx: Context, events: readonly Normalized[]): Simulation {
  const { policy, calendar, acceptedMs, untilMs } = ctx;
  const anomalies: Anomaly[] = [];
  const firings: Firing[] = [];
  const upcoming: number[] = [];
  const pauses = pausesOf(events, anomalies, true);
  const maxTier = policy.escalation.tiers.length;
  const ratio = policy.warningRatio;

  const reported = events.find((n) => n.event.type === 'reported');
  const initialLevel: FaultLevel = reported?.event.type === 'reported' ? reported.event.faultLevel : 3;
  const resolved = events.find((n) => n.event.type === 'resolved');
  const resolvedMs = resolved === undefined ? null : resolved.atMs;
  const assignedMs = events.find((n) => n.event.type === 'assigned')?.atMs ?? null;
  const isAssigned = (at: number) => assignedMs !== null && assignedMs <= at;

  for (const n of events) {
    if (
      resolvedMs !== null &&
      n.atMs > resolvedMs &&
      (n.event.type === 'levelChanged' || n.event.type === 'paused')
    ) {
      anomalies.push({
        code: 'eventAfterResolution',
        index: n.index,
        message: `${n.event.type} after the fault was resolved`,
      });
    }
  }

  // Resolution clock: a chain of level segments.
  const open = (
    level: FaultLevel,
    startMs: number,
    openedMs: number,
    openedBy: Segment['openedBy'],
    clockStartedBy: Segment['clockStartedBy'],
  ): Segment => {
    const targetMs = targetOf(policy, level);
    return {
      level,
      startMs,
      openedMs,
      openedBy,
      clockStartedBy,
      targetMs,
      dueMs: calendar.addServiceTime(startMs, targetMs, pauses),
      warningMs: calendar.addServiceTime(startMs, Math.round(targetMs * ratio), pauses),
      endedMs: null,
      endedBy: null,
    };
  };
  const changes = events.filter(
    (n) =>
      (n.event.type === 'levelChanged' || n.event.type === 'levelConfirmed' || n.event.type === 'resolved') &&
      (resolvedMs === null || n.atMs <= resolvedMs),
  );
  const segments: Segment[] = [];
  const warned = new Set<FaultLevel>();
  let segment = open(initialLevel, acceptedMs, acceptedMs, 'acceptance', 'acceptance');
  let tier = 1;
  let ci = 0;
  let steps = 0;
  for (;;) {
    const change = changes[ci];
    const changeMs = change === undefined ? Number.POSITIVE_INFINITY : change.atMs;
    // A warning fires once per level, at its instant or — when the segment began after it — at the
    // segment's start, unless the deadline or a change comes first.
    if (!warned.has(segment.level)) {
      const warnAt = Math.max(segment.warningMs, segment.openedMs);
      if (warnAt < segment.dueMs && warnAt < changeMs) {
        if (warnAt <= untilMs) {
          firings.push({
            kind: 'resolutionWarning',
            at: warnAt,
            tier: policy.alerts.warningTier,
            level: segment.level,
            late: segment.warningMs < segment.openedMs,
            assigned: isAssigned(warnAt),
          });
          warned.add(segment.level);
        } else {
          upcoming.push(warnAt);
        }
      }
    }
    if (segment.dueMs < changeMs) {
      if (segment.dueMs > untilMs) {
        upcoming.push(segment.dueMs);
        break;
      }
      if (++steps > MAX_STEPS) {
        anomalies.push({
          code: 'escalationLimit',
          message: `more than ${MAX_STEPS} escalation steps; the rest are not listed`,
        });
        break;
      }
      const at = segment.dueMs;
      const toLevel = levelAfterStep(segment.level);
      tier = Math.min(maxTier, tier + 1);
      firings.push({
        kind: 'escalation',
        at,
        tier,
        level: segment.level,
        toLevel,
        cause: 'deadline',
        missed: {
          level: segment.level,
          targetMs: segment.targetMs,
          startMs: segment.startMs,
          dueMs: segment.dueMs,
        },
        assigned: isAssigned(at),
      });
      segment.endedMs = at;
      segment.endedBy = 'escalation';
      segments.push(segment);
      segment = open(toLevel, at, at, 'escalation', 'escalation');
      continue;
    }
    if (change === undefined) break;
    ci++;
    const ev = change.event;
    if (ev.type === 'resolved') {
      segment.endedMs = change.atMs;
      segment.endedBy = 'resolved';
      break;
    }
    if (ev.type !== 'levelChanged' && ev.type !== 'levelConfirmed') continue;
    if (ev.faultLevel === segment.level) continue;
    const at = change.atMs;
    segment.endedMs = at;
    segment.endedBy = 'triage';
    segments.push(segment);
    // Triage: the new level's target as if it had applied from the start of the current clock.
    const replaced = open(ev.faultLevel, segment.startMs, at, 'triage', segment.clockStartedBy);
    if (replaced.dueMs <= at) {
      const toLevel = levelAfterStep(replaced.level);
      tier = Math.min(maxTier, tier + 1);
      firings.push({
        kind: 'escalation',
        at,
        tier,
        level: replaced.level,
        toLevel,
        cause: 'triage',
        missed: {
          level: replaced.level,
          targetMs: replaced.targetMs,
          startMs: replaced.startMs,
          dueMs: replaced.dueMs,
        },
        assigned: isAssigned(at),
      });
      replaced.endedMs = at;
      replaced.endedBy = 'escalation';
      segments.push(replaced);
      segment = open(toLevel, at, at, 'escalation', 'escalation');
    } else {
      segment = replaced;
    }
  }
  segments.push(segment);

  // Arrival: never pauses; met by check-in; a resolution before check-in ends it.
  const arrivalDueMs =
    policy.arrival.kind === 'serviceTime'
      ? calendar.addServiceTime(acceptedMs, policy.arrival.minutes * MINUTE_MS)
      : calendar.closeOfNextWorkingDay(acceptedMs);
  const arrivalTargetMs = calendar.serviceTime(acceptedMs, arrivalDueMs);
  const arrivalWarningMs = calendar.addServiceTime(acceptedMs, Math.round(arrivalTargetMs * ratio));
  const checkInMs = events.find((n) => n.event.type === 'checkedIn')?.atMs ?? null;
  const arrivalStop = Math.min(checkInMs ?? Number.POSITIVE_INFINITY, resolvedMs ?? Number.POSITIVE_INFINITY);
  for (const [kind, at, tierOf] of [
    ['arrivalWarning', arrivalWarningMs, policy.alerts.warningTier],
    ['arrivalMissed', arrivalDueMs, policy.alerts.arrivalMissedTier],
  ] as const) {
    if (at < arrivalStop) {
      if (at <= untilMs) firings.push({ kind, at, tier: tierOf, assigned: isAssigned(at) });
      else upcoming.push(at);
    }
  }

  // Service reports: one clock per check-out, in plain hours.
  const reports: Simulation['reports'] = [];
  const flags: Flag[] = [];
  let confirmedSinceCheckIn = false;
  for (const n of events) {
    const ev = n.event;
    if (ev.type === 'checkedIn') confirmedSinceCheckIn = false;
    if (ev.type === 'customerConfirmed') confirmedSinceCheckIn = true;
    if (ev.type === 'reportSubmitted') {
      for (const r of reports) if (r.submittedMs === null) r.submittedMs = n.atMs;
    }
    if (ev.type !== 'checkedOut') continue;
    if (!confirmedSinceCheckIn) {
      flags.push({ kind: 'checkedOutWithoutConfirmation', at: toIsoUtc(n.atMs), reason: ev.reason ?? null });
      if (ev.reason === undefined || ev.reason.trim() === '') {
        anomalies.push({
          code: 'checkOutWithoutReason',
          index: n.index,
          message: 'checked out without the customer’s confirmation and without a reason',
        });
      }
    }
    confirmedSinceCheckIn = false;
    reports.push({
      checkedOutMs: n.atMs,
      dueMs: n.atMs + policy.report.dueAfterHours * HOUR_MS,
      warningMs: n.atMs + policy.report.warningAfterHours * HOUR_MS,
      submittedMs: null,
    });
  }
  reports.forEach((r, index) => {
    const stop = r.submittedMs ?? Number.POSITIVE_INFINITY;
    for (const [kind, at, tierOf] of [
      ['reportWarning', r.warningMs, policy.alerts.warningTier],
      ['reportMissed', r.dueMs, policy.alerts.reportMissedTier],
    ] as const) {
      if (at < stop) {
        if (at <= untilMs) firings.push({ kind, at, tier: tierOf, report: index, assigned: isAssigned(at) });
        else upcoming.push(at);
      }
    }
  });

  firings.sort((a, b) => a.at - b.at);
  return {
    firings,
    upcoming,
    segments,
    level: segment.level,
    tier,
    resolvedMs,
    pauses,
    arrival: {
      dueMs: arrivalDueMs,
      warningMs: arrivalWarningMs,
      checkInMs,
      resolvedFirst: resolvedMs !== null && (checkInMs === null || resolvedMs < checkInMs),
    },
    reports,
    flags,
    anomalies,
  };
}

const LEVEL_NAME: Record<FaultLevel, { zh: string; en: string }> = {
  1: { zh: '一级故障', en: 'level 1 (major)' },
  2: { zh: '二级故障', en: 'level 2 (main)' },
  3: { zh: '三级故障', en: 'level 3 (minor)' },
};

const STARTED_BY: Record<Segment['clockStartedBy'], { zh: string; en: string }> = {
  acceptance: { zh: '受理', en: 'acceptance' },
  escalation: { zh: '自动升级', en: 'escalation' },
};

function describeResolution(ctx: Context, sim: Simulation, escalations: Escalation[]) {
  const { calendar, policy, untilMs } = ctx;
  const pauses: Intervals = sim.pauses;
  const segments: ResolutionSegment[] = sim.segments.map((s) => {
    const startedBy = STARTED_BY[s.clockStartedBy];
    const serviceLevel = `${policy.serviceLevel} 级`;
    return {
      level: s.level,
      startAt: toIsoUtc(s.startMs),
      openedAt: toIsoUtc(s.openedMs),
      openedBy: s.openedBy,
      targetMinutes: s.targetMs / MINUTE_MS,
      dueAt: Number.isFinite(s.dueMs) ? toIsoUtc(s.dueMs) : null,
      warningAt: Number.isFinite(s.warningMs) ? toIsoUtc(s.warningMs) : null,
      endedAt: s.endedMs === null ? null : toIsoUtc(s.endedMs),
      endedBy: s.endedBy,
      explain: explainDeadline(calendar, {
        rule: {
          zh: `${serviceLevel} ${LEVEL_NAME[s.level].zh}解决时限`,
          en: `${policy.serviceLevel}-level contract, ${LEVEL_NAME[s.level].en} resolution`,
        },
        startedBy,
        startMs: s.startMs,
        dueMs: s.dueMs,
        targetMs: s.targetMs,
        pauses,
      }),
      warningExplain: explainDeadline(calendar, {
        rule: {
          zh: `${serviceLevel} ${LEVEL_NAME[s.level].zh}解决预警（${Math.round(policy.warningRatio * 100)}%）`,
          en: `${policy.serviceLevel}-level contract, ${LEVEL_NAME[s.level].en} resolution warning (${Math.round(policy.warningRatio * 100)} %)`,
        },
        startedBy,
        startMs: s.startMs,
        dueMs: s.warningMs,
        targetMs: Math.round(s.targetMs * policy.warningRatio),
        pauses,
      }),
    };
  });
  const current = sim.segments[sim.segments.length - 1];
  const resolved = sim.resolvedMs !== null;
  const pausedNow =
    !resolved && sim.pauses.length > 0 && sim.pauses[sim.pauses.length - 1] === Number.POSITIVE_INFINITY;
  const live = escalations.filter((e) => !e.void);
  const lastPause = sim.pauses;
  let pausedMs = 0;
  const end = sim.resolvedMs ?? untilMs;
  for (let i = 0; i + 1 < lastPause.length; i += 2) {
    const s = lastPause[i] as number;
    const e = Math.min(lastPause[i + 1] as number, end);
    if (e > s) pausedMs += e - s;
  }
  const currentExplain = segments[segments.length - 1]?.explain;
  return {
    explainSource: currentExplain,
    result: {
      status: resolved ? ('resolved' as const) : pausedNow ? ('paused' as const) : ('running' as const),
      level: sim.level,
      tier: sim.tier,
      dueAt:
        !resolved && current !== undefined && Number.isFinite(current.dueMs) ? toIsoUtc(current.dueMs) : null,
      warningAt:
        !resolved && current !== undefined && Number.isFinite(current.warningMs)
          ? toIsoUtc(current.warningMs)
          : null,
      resolvedAt: sim.resolvedMs === null ? null : toIsoUtc(sim.resolvedMs),
      outcome: live.length > 0 ? ('missed' as const) : resolved ? ('met' as const) : ('open' as const),
      segments,
      pausedMinutes: pausedMs / MINUTE_MS,
    },
  };
}

function describeArrival(ctx: Context, sim: Simulation) {
  const { calendar, policy, acceptedMs, untilMs } = ctx;
  const a = sim.arrival;
  let status: ClockResult['arrival']['status'];
  let lateByMs: number | null = null;
  if (a.checkInMs !== null && !a.resolvedFirst) {
    status = a.checkInMs <= a.dueMs ? 'met' : 'late';
    if (status === 'late') lateByMs = a.checkInMs - a.dueMs;
  } else if (sim.resolvedMs !== null) {
    // Resolved before anyone checked in: the clock stopped at the resolution.
    status = sim.resolvedMs <= a.dueMs ? 'notNeeded' : 'missed';
    if (status === 'missed') lateByMs = sim.resolvedMs - a.dueMs;
  } else if (untilMs >= a.dueMs) {
    status = 'missed';
    lateByMs = untilMs - a.dueMs;
  } else {
    status = 'pending';
  }
  const rule =
    policy.arrival.kind === 'serviceTime'
      ? { zh: `${policy.serviceLevel} 级到场时限`, en: `${policy.serviceLevel}-level arrival` }
      : {
          zh: `${policy.serviceLevel} 级到场时限（第二天内：受理次日起第一个工作日下班前）`,
          en: `${policy.serviceLevel}-level arrival (by closing time of the first working day after acceptance's date)`,
        };
  const targetMs = policy.arrival.kind === 'serviceTime' ? policy.arrival.minutes * MINUTE_MS : undefined;
  const startedBy = { zh: '受理', en: 'acceptance' };
  const explain = explainDeadline(calendar, {
    rule,
    startedBy,
    startMs: acceptedMs,
    dueMs: a.dueMs,
    ...(targetMs === undefined ? {} : { targetMs }),
  });
  const warningExplain = explainDeadline(calendar, {
    rule: { zh: `${rule.zh}预警`, en: `${rule.en} warning` },
    startedBy,
    startMs: acceptedMs,
    dueMs: a.warningMs,
    targetMs: Math.round(calendar.serviceTime(acceptedMs, a.dueMs) * policy.warningRatio),
  });
  return {
    explain,
    result: {
      dueAt: toIsoUtc(a.dueMs),
      warningAt: toIsoUtc(a.warningMs),
      checkedInAt: a.checkInMs === null ? null : toIsoUtc(a.checkInMs),
      status,
      lateByMs,
      explain,
      warningExplain,
    },
  };
}

function explainAcceptance(calendar: ServiceCalendar, reportedMs: number, acceptedMs: number): Explanation {
  return explainDeadline(calendar, {
    rule:
      acceptedMs > reportedMs
        ? {
            zh: '非服务时间报障，于下一个服务时段开始时受理',
            en: 'reported outside open hours, accepted at the next opening',
          }
        : { zh: '服务时间内报障，即时受理', en: 'reported inside open hours, accepted at once' },
    startedBy: { zh: '报障', en: 'report' },
    startMs: reportedMs,
    dueMs: acceptedMs,
    endLabel: { zh: '受理于', en: 'accepted' },
  });
}
