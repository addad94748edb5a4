import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presetPolicy, SlaPolicySchema } from '../sla/policy.ts';
import {
  applyOverrides,
  overridesOf,
  POLICY_LIMITS,
  PolicyOverridesSchema,
  policyProblem,
} from './policy-numbers.ts';
import { PolicyVersionBodySchema } from './schemas.ts';

const R = POLICY_LIMITS.resolutionMinutes;
const fieldOf = (input: unknown) => {
  const result = PolicyOverridesSchema.safeParse(input);
  return result.success ? null : (result.error.issues[0]?.path ?? []).map(String).join('.');
};

/** Numbers no bounded integer target takes: fractions, zero, negatives, out of range, not finite. */
const badTarget = (limits: { min: number; max: number }) =>
  fc.oneof(
    fc.double({ min: limits.min, max: limits.max, noInteger: true, noNaN: true }),
    fc.integer({ min: -1_000_000, max: limits.min - 1 }),
    fc.integer({ min: limits.max + 1, max: 10_000_000 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0),
    fc.string(),
    fc.constant(null),
  );

describe('the numbers of a policy version', () => {
  it('refuses every bad resolution target and names its level', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), badTarget(R), (level, value) => {
        expect(fieldOf({ resolutionMinutes: { [level]: value } })).toBe(`resolutionMinutes.${level}`);
      }),
    );
  });

  it('refuses every bad arrival, warning share and report time, naming the field', () => {
    fc.assert(
      fc.property(badTarget(POLICY_LIMITS.arrivalMinutes), (value) => {
        expect(fieldOf({ arrival: { kind: 'serviceTime', minutes: value } })).toBe('arrival.minutes');
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ max: 0.5, maxExcluded: true, noNaN: true }),
          fc.double({ min: 0.95, minExcluded: true, noNaN: true }),
          fc.constant(Number.NaN),
        ),
        (value) => {
          expect(fieldOf({ warningRatio: value })).toBe('warningRatio');
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('dueAfterHours', 'warningAfterHours'),
        badTarget(POLICY_LIMITS.reportHours),
        (key, value) => {
          expect(fieldOf({ report: { [key]: value } })).toBe(`report.${key}`);
        },
      ),
    );
  });

  it('takes every in-bounds target, and a version is valid exactly when level 1 ≤ 2 ≤ 3', () => {
    const target = fc.integer({ min: R.min, max: R.max });
    fc.assert(
      fc.property(fc.constantFrom('A', 'B', 'C' as const), target, target, target, (level, a, b, c) => {
        const overrides = { resolutionMinutes: { 1: a, 2: b, 3: c } };
        expect(fieldOf(overrides)).toBeNull();
        const policy = applyOverrides(presetPolicy(level), overrides);
        expect(SlaPolicySchema.safeParse(policy).success).toBe(true);
        const problem = policyProblem(policy);
        if (a <= b && b <= c) expect(problem).toBeNull();
        else
          expect(problem).toEqual({
            field: b < a ? 'resolutionMinutes.2' : 'resolutionMinutes.3',
            reason: 'resolutionOrder',
          });
      }),
    );
  });

  it('puts the report warning strictly before its due time', () => {
    const hours = fc.integer({ min: POLICY_LIMITS.reportHours.min, max: POLICY_LIMITS.reportHours.max });
    fc.assert(
      fc.property(hours, hours, (due, warning) => {
        const policy = applyOverrides(presetPolicy('B'), {
          report: { dueAfterHours: due, warningAfterHours: warning },
        });
        expect(policyProblem(policy) === null).toBe(warning < due);
      }),
    );
  });

  it('keeps every preset number not overridden, and records only what differs', () => {
    for (const level of ['A', 'B', 'C'] as const) {
      const preset = presetPolicy(level);
      expect(applyOverrides(preset, {})).toEqual(preset);
      expect(policyProblem(preset)).toBeNull();
      const changed = applyOverrides(preset, { resolutionMinutes: { 3: 4000 }, warningRatio: 0.8 });
      expect(changed.resolutionMinutes[1]).toBe(preset.resolutionMinutes[1]);
      expect(changed.calendar).toEqual(preset.calendar);
      expect(overridesOf(preset, changed)).toEqual({ resolutionMinutes: { 3: 4000 }, warningRatio: 0.8 });
    }
  });

  it('refuses unknown fields in a version body', () => {
    const body = { effectiveFrom: '2026-12-01T00:00:00Z', expectedVersion: 1 };
    expect(PolicyVersionBodySchema.safeParse(body).success).toBe(true);
    const extra = PolicyVersionBodySchema.safeParse({ ...body, escalation: { repeat: 5 } });
    expect(extra.success).toBe(false);
    const nested = PolicyVersionBodySchema.safeParse({ ...body, resolutionMinutes: { 4: 60 } });
    expect(nested.success).toBe(false);
  });
});
