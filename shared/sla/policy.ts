/**
 * Contract SLA policy: every number and window of docs/sla-rules.md as versioned contract data. A ticket
 * keeps the version in force when it was reported (see docs/sla-engine.md); the plan's numbers live only
 * in the A/B/C presets below, which every new contract starts from.
 */
import * as z from 'zod';
import {
  type CalendarSpec,
  CalendarSpecSchema,
  type Closure,
  type HolidaySource,
  type OpenHours,
} from './calendar.ts';
import { type FaultLevel, FaultLevelSchema, type ServiceLevel, ServiceLevelSchema } from './levels.ts';
import { InstantSchema, toEpochMs } from './time.ts';

export { type FaultLevel, FaultLevelSchema, type ServiceLevel, ServiceLevelSchema };

/** 到场 target. */
export const ArrivalRuleSchema = z.discriminatedUnion('kind', [
  /** Within this much service time from acceptance (A: 2 h, B: 4 h). */
  z.object({ kind: z.literal('serviceTime'), minutes: z.int().positive() }),
  /** 第二天内: by the closing time of the first working day after the acceptance's local date (C). */
  z.object({ kind: z.literal('closeOfNextWorkingDay') }),
]);
export type ArrivalRule = z.infer<typeof ArrivalRuleSchema>;

export const EscalationRoleSchema = z.enum(['assignedEngineer', 'projectManager', 'serviceSupervisor']);
export type EscalationRole = z.infer<typeof EscalationRoleSchema>;

export const SlaPolicySchema = z.object({
  policyId: z.string().min(1),
  version: z.int().min(1),
  /** The version applies to tickets reported at or after this instant. */
  effectiveFrom: InstantSchema,
  serviceLevel: ServiceLevelSchema,
  calendar: CalendarSpecSchema,
  arrival: ArrivalRuleSchema,
  /** 解决 target per fault level, in minutes of service time from the clock's start. */
  resolutionMinutes: z.object({ 1: z.int().positive(), 2: z.int().positive(), 3: z.int().positive() }),
  /** Warning at this share of each target (0.75). */
  warningRatio: z.number().gt(0).lt(1),
  escalation: z.object({
    /** Tier n is notified from the n-th step; the list's length is the highest tier. Tier 1 while the
     * ticket is unassigned is the dispatcher on duty. */
    tiers: z.array(EscalationRoleSchema).min(1),
  }),
  alerts: z.object({
    warningTier: z.int().min(1),
    arrivalMissedTier: z.int().min(1),
    reportMissedTier: z.int().min(1),
  }),
  /** 现场服务文档: due this many real hours after check-out, warning after `warningAfterHours`. */
  report: z.object({ dueAfterHours: z.number().positive(), warningAfterHours: z.number().positive() }),
  /** A phone clock measured off by more than this at its last sync gets its times corrected. */
  clockSkewToleranceMs: z.int().min(0),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

const NINE_TO_FIVE: OpenHours = [{ from: '09:00', to: '17:00' }];
const ALL_DAY: OpenHours = [{ from: '00:00', to: '24:00' }];
const CLOSED: OpenHours = [];

function everyDay(hours: OpenHours) {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours };
}

export interface PresetOptions {
  timeZone?: string;
  publicHolidays?: HolidaySource;
  closures?: Closure[];
  policyId?: string;
  version?: number;
  effectiveFrom?: string;
}

/** The calendar of a service level as the plan defines it: A 7×24, B 7×8, C 5×8. */
export function presetCalendar(level: ServiceLevel, options: PresetOptions = {}): CalendarSpec {
  const common = {
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    workingWeekdays: [1, 2, 3, 4, 5],
    publicHolidays: options.publicHolidays ?? { source: 'cn-mainland' as const },
    closures: options.closures ?? [],
  };
  switch (level) {
    case 'A':
      return {
        label: '7×24',
        ...common,
        weeklyHours: everyDay(ALL_DAY),
        holidayHours: ALL_DAY,
        makeUpWorkdayHours: ALL_DAY,
      };
    case 'B':
      return {
        label: '7×8',
        ...common,
        weeklyHours: everyDay(NINE_TO_FIVE),
        holidayHours: NINE_TO_FIVE,
        makeUpWorkdayHours: NINE_TO_FIVE,
      };
    case 'C':
      return {
        label: '5×8',
        ...common,
        weeklyHours: { ...everyDay(NINE_TO_FIVE), sat: CLOSED, sun: CLOSED },
        holidayHours: CLOSED,
        makeUpWorkdayHours: NINE_TO_FIVE,
      };
  }
}

const RESOLUTION_HOURS: Record<ServiceLevel, Record<FaultLevel, number>> = {
  A: { 1: 2, 2: 24, 3: 48 },
  B: { 1: 4, 2: 24, 3: 48 },
  C: { 1: 8, 2: 72, 3: 72 },
};

const ARRIVAL: Record<ServiceLevel, ArrivalRule> = {
  A: { kind: 'serviceTime', minutes: 120 },
  B: { kind: 'serviceTime', minutes: 240 },
  C: { kind: 'closeOfNextWorkingDay' },
};

/** The default policy of a service level: the plan's numbers, every one of them data. */
export function presetPolicy(level: ServiceLevel, options: PresetOptions = {}): SlaPolicy {
  const hours = RESOLUTION_HOURS[level];
  return {
    policyId: options.policyId ?? `default-${level}`,
    version: options.version ?? 1,
    effectiveFrom: options.effectiveFrom ?? '2000-01-01T00:00:00Z',
    serviceLevel: level,
    calendar: presetCalendar(level, options),
    arrival: ARRIVAL[level],
    resolutionMinutes: { 1: hours[1] * 60, 2: hours[2] * 60, 3: hours[3] * 60 },
    warningRatio: 0.75,
    escalation: { tiers: ['assignedEngineer', 'projectManager', 'serviceSupervisor'] },
    alerts: { warningTier: 1, arrivalMissedTier: 2, reportMissedTier: 2 },
    report: { dueAfterHours: 5 * 24, warningAfterHours: 4 * 24 },
    clockSkewToleranceMs: 2 * 60_000,
  };
}

export class PolicyVersionError extends Error {
  override name = 'PolicyVersionError';
}

/**
 * The version of a contract's policy in force at an instant: the latest `effectiveFrom` not after it
 * (the highest version number on a tie).
 */
export function selectPolicyVersion(versions: readonly SlaPolicy[], at: string): SlaPolicy {
  const atMs = toEpochMs(at);
  let best: SlaPolicy | undefined;
  let bestFrom = Number.NEGATIVE_INFINITY;
  for (const v of versions) {
    const from = toEpochMs(v.effectiveFrom);
    if (from > atMs) continue;
    if (best === undefined || from > bestFrom || (from === bestFrom && v.version > best.version)) {
      best = v;
      bestFrom = from;
    }
  }
  if (best === undefined) throw new PolicyVersionError(`no policy version is in force at ${at}`);
  return best;
}
