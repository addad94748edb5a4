/**
 * A contract's own SLA numbers: a new policy version starts from the preset of a service level and
 * replaces the numbers the desk changed. The bounds and the cross-checks live here so that the desk
 * form and the API refuse the same things (docs/api.md, "Custom SLA numbers").
 */
import * as z from 'zod';
import { presetPolicy, type ServiceLevel, type SlaPolicy } from '../sla/policy.ts';

/** Every number a policy version may set, with its bounds (inclusive). */
export const POLICY_LIMITS = {
  /** 到场 within this much service time (minutes): 15 min to 7 days. */
  arrivalMinutes: { min: 15, max: 7 * 24 * 60 },
  /** 解决 per fault level, service time (minutes): 15 min to 60 days. */
  resolutionMinutes: { min: 15, max: 60 * 24 * 60 },
  /** The warning at this share of each target: 50 % to 95 %. */
  warningRatio: { min: 0.5, max: 0.95 },
  /** 现场服务文档 due and warning, real hours after check-out: 1 h to 30 days. */
  reportHours: { min: 1, max: 30 * 24 },
} as const;

const Bounded = (limits: { min: number; max: number }) => z.int().min(limits.min).max(limits.max);

export const CustomArrivalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('serviceTime'), minutes: Bounded(POLICY_LIMITS.arrivalMinutes) }),
  z.strictObject({ kind: z.literal('closeOfNextWorkingDay') }),
]);

/** The numbers a version replaces; each one left out keeps the preset's. */
export const PolicyOverridesSchema = z.strictObject({
  arrival: CustomArrivalSchema.optional(),
  resolutionMinutes: z
    .strictObject({
      1: Bounded(POLICY_LIMITS.resolutionMinutes).optional(),
      2: Bounded(POLICY_LIMITS.resolutionMinutes).optional(),
      3: Bounded(POLICY_LIMITS.resolutionMinutes).optional(),
    })
    .optional(),
  warningRatio: z.number().min(POLICY_LIMITS.warningRatio.min).max(POLICY_LIMITS.warningRatio.max).optional(),
  report: z
    .strictObject({
      dueAfterHours: Bounded(POLICY_LIMITS.reportHours).optional(),
      warningAfterHours: Bounded(POLICY_LIMITS.reportHours).optional(),
    })
    .optional(),
});
export type PolicyOverrides = z.infer<typeof PolicyOverridesSchema>;

/** What the checks across numbers refuse, with the field the desk has to change. */
export type PolicyProblem =
  | { field: 'resolutionMinutes.2' | 'resolutionMinutes.3'; reason: 'resolutionOrder' }
  | { field: 'report.warningAfterHours'; reason: 'reportWarningOrder' };

export const POLICY_PROBLEM_TEXT: Record<PolicyProblem['reason'], { 'zh-CN': string; en: string }> = {
  resolutionOrder: {
    'zh-CN': '解决时限不能短于更严重级别的时限(一级 ≤ 二级 ≤ 三级)',
    en: 'a resolution target cannot be shorter than that of a more severe level (level 1 ≤ level 2 ≤ level 3)',
  },
  reportWarningOrder: {
    'zh-CN': '服务文档预警须早于到期',
    en: 'the service report warning must come before it is due',
  },
};

/** The preset's numbers with the overrides applied; everything else (calendar, tiers) from the preset. */
export function applyOverrides(preset: SlaPolicy, o: PolicyOverrides): SlaPolicy {
  return {
    ...preset,
    arrival: o.arrival ?? preset.arrival,
    resolutionMinutes: {
      1: o.resolutionMinutes?.[1] ?? preset.resolutionMinutes[1],
      2: o.resolutionMinutes?.[2] ?? preset.resolutionMinutes[2],
      3: o.resolutionMinutes?.[3] ?? preset.resolutionMinutes[3],
    },
    warningRatio: o.warningRatio ?? preset.warningRatio,
    report: {
      dueAfterHours: o.report?.dueAfterHours ?? preset.report.dueAfterHours,
      warningAfterHours: o.report?.warningAfterHours ?? preset.report.warningAfterHours,
    },
  };
}

/**
 * The first check across numbers a policy fails, or null. Level 1 is the most severe, so its target is
 * the shortest: level 1 ≤ level 2 ≤ level 3 (equal is allowed, as in the plan's C: 72 h and 72 h). The
 * report's warning comes strictly before its due time.
 */
export function policyProblem(p: Pick<SlaPolicy, 'resolutionMinutes' | 'report'>): PolicyProblem | null {
  if (p.resolutionMinutes[2] < p.resolutionMinutes[1])
    return { field: 'resolutionMinutes.2', reason: 'resolutionOrder' };
  if (p.resolutionMinutes[3] < p.resolutionMinutes[2])
    return { field: 'resolutionMinutes.3', reason: 'resolutionOrder' };
  if (p.report.warningAfterHours >= p.report.dueAfterHours)
    return { field: 'report.warningAfterHours', reason: 'reportWarningOrder' };
  return null;
}

/** The overrides that differ from the preset (what a version records as its own numbers). */
export function overridesOf(preset: SlaPolicy, p: SlaPolicy): PolicyOverrides {
  const out: PolicyOverrides = {};
  if (JSON.stringify(p.arrival) !== JSON.stringify(preset.arrival)) out.arrival = p.arrival;
  const levels = ([1, 2, 3] as const).filter((l) => p.resolutionMinutes[l] !== preset.resolutionMinutes[l]);
  if (levels.length > 0)
    out.resolutionMinutes = Object.fromEntries(levels.map((l) => [l, p.resolutionMinutes[l]]));
  if (p.warningRatio !== preset.warningRatio) out.warningRatio = p.warningRatio;
  const report: NonNullable<PolicyOverrides['report']> = {};
  if (p.report.dueAfterHours !== preset.report.dueAfterHours) report.dueAfterHours = p.report.dueAfterHours;
  if (p.report.warningAfterHours !== preset.report.warningAfterHours)
    report.warningAfterHours = p.report.warningAfterHours;
  if (Object.keys(report).length > 0) out.report = report;
  return out;
}

/** The policy a version body describes, before its version number and start are fixed. */
export function policyOfBody(
  level: ServiceLevel,
  timeZone: string,
  overrides: PolicyOverrides,
  base: { policyId: string; version: number; effectiveFrom: string },
): SlaPolicy {
  return applyOverrides(presetPolicy(level, { timeZone, ...base }), overrides);
}
