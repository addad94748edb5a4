/**
 * Properties of the calendars and the clock engine, checked on random inputs across zones with and
 * without daylight saving (10,000 runs each when CI is set).
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { compileCalendar, type ServiceCalendar } from './calendar.ts';
import { computeClocks } from './engine.ts';
import type { TicketEvent } from './events.ts';
import { CN_MAINLAND_HOLIDAYS } from './holidays-cn.ts';
import { type FaultLevel, presetCalendar, presetPolicy, type ServiceLevel } from './policy.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, toEpochMs, toIsoUtc } from './time.ts';

// biome-ignore lint/style/noRestrictedGlobals: a test's run count, not domain code: 10,000 runs in CI.
const IN_CI = Boolean(process.env.CI);
const RUNS = IN_CI ? 10_000 : 1_000;
const ORACLE_RUNS = IN_CI ? 300 : 60;
/** Ten thousand runs take seconds, not the default five. */
const TIMEOUT_MS = 120_000;

const ZONES = [
  'Asia/Shanghai',
  'Asia/Kolkata',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
] as const;
const LEVELS: readonly ServiceLevel[] = ['A', 'B', 'C'];

/** Days on which some of the zones above change their clocks in 2026, to land starts near them. */
const TRANSITION_DAYS = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-09-06',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
];
const YEAR_START = toEpochMs('2026-01-01T00:00:00Z');
const YEAR_END = toEpochMs('2026-12-01T00:00:00Z');

const instantArb = fc.oneof(
  fc.integer({ min: YEAR_START, max: YEAR_END }),
  fc
    .tuple(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }))
    .map(([day, offset]) => toEpochMs(`${day}T00:00:00Z`) + offset),
);
const calendarArb = fc
  .tuple(fc.constantFrom(...ZONES), fc.constantFrom(...LEVELS))
  .map(([zone, level]) => compileCalendar(presetCalendar(level, { timeZone: zone })));
const durationArb = fc.oneof(
  fc.integer({ min: 1, max: 72 * 60 }).map((m) => m * MINUTE_MS),
  fc.integer({ min: 1, max: 72 * HOUR_MS }),
);
const pausesArb = (start: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 10 * DAY_MS }), fc.integer({ min: 1, max: 2 * DAY_MS })), {
      maxLength: 4,
    })
    .map((list) => {
      const flat: number[] = [];
      let cursor = start;
      for (const [gap, length] of list) {
        cursor += gap;
        flat.push(cursor, cursor + length);
        cursor += length + 1;
      }
      return flat;
    });

describe('calendar properties', () => {
  it(
    'a deadline is never before its start',
    () => {
      fc.assert(
        fc.property(calendarArb, instantArb, durationArb, (cal, start, d) => {
          expect(cal.addServiceTime(start, d)).toBeGreaterThanOrEqual(start);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'more service time never gives an earlier deadline',
    () => {
      fc.assert(
        fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, start, d1, d2) => {
          const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(cal.addServiceTime(start, long)).toBeGreaterThanOrEqual(cal.addServiceTime(start, short));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'the service time from start to the computed deadline equals the target exactly',
    () => {
      fc.assert(
        fc.property(calendarArb, instantArb, durationArb, (cal, start, d) => {
          const due = cal.addServiceTime(start, d);
          expect(cal.serviceTime(start, due)).toBe(d);
          // Earliest: a millisecond less is not enough.
          expect(cal.serviceTime(start, due - 1)).toBeLessThan(d);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'acceptance is always inside open hours, with no open time skipped',
    () => {
      fc.assert(
        fc.property(calendarArb, instantArb, (cal, reported) => {
          const accepted = cal.nextOpening(reported);
          expect(accepted).toBeGreaterThanOrEqual(reported);
          expect(cal.isOpen(accepted)).toBe(true);
          expect(cal.serviceTime(reported, accepted)).toBe(0);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a pause never makes a deadline earlier, and the paused deadline still counts the target exactly',
    () => {
      fc.assert(
        fc.property(
          calendarArb,
          instantArb,
          durationArb,
          instantArb.chain((start) => pausesArb(start).map((pauses) => ({ start, pauses }))),
          (cal, _unused, d, { start, pauses }) => {
            const plain = cal.addServiceTime(start, d);
            const paused = cal.addServiceTime(start, d, pauses);
            expect(paused).toBeGreaterThanOrEqual(plain);
            expect(cal.serviceTime(start, paused, pauses)).toBe(d);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * The independent reference: walk minute by minute, asking Temporal for each minute's local date and
 * wall time, and decide openness from the preset's rules and the holiday data directly.
 */
function oracleDue(level: ServiceLevel, zone: string, start: number, minutes: number): number {
  const holidays = new Set<string>();
  const makeUp = new Set<string>();
  for (const year of Object.values(CN_MAINLAND_HOLIDAYS)) {
    for (const h of year.holidays) {
      for (
        let d = Temporal.PlainDate.from(h.from);
        Temporal.PlainDate.compare(d, h.to) <= 0;
        d = d.add({ days: 1 })
      ) {
        holidays.add(d.toString());
      }
    }
    for (const m of year.makeUpWorkdays) makeUp.add(m.date);
  }
  let counted = 0;
  for (let t = start; ; t += MINUTE_MS) {
    const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
    const date = z.toPlainDate().toString();
    const wall = z.hour * 60 + z.minute;
    const working = makeUp.has(date) || (!holidays.has(date) && z.dayOfWeek <= 5);
    const open = level === 'A' || (wall >= 9 * 60 && wall < 17 * 60 && (level === 'B' || working));
    if (open) counted++;
    if (counted === minutes) return t + MINUTE_MS;
  }
}

describe('agreement with a minute-by-minute reference', () => {
  it(
    'gives the same deadline in every zone, daylight saving included',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...ZONES),
          fc.constantFrom(...LEVELS),
          instantArb.map((t) => Math.floor(t / MINUTE_MS) * MINUTE_MS),
          fc.integer({ min: 1, max: 10 * 60 }),
          (zone, level, start, minutes) => {
            const cal: ServiceCalendar = compileCalendar(presetCalendar(level, { timeZone: zone }));
            expect(toIsoUtc(cal.addServiceTime(start, minutes * MINUTE_MS))).toBe(
              toIsoUtc(oracleDue(level, zone, start, minutes)),
            );
          },
        ),
        { numRuns: ORACLE_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

type Step =
  | { kind: 'levelChanged'; afterMs: number; level: FaultLevel }
  | { kind: 'pause'; afterMs: number; lengthMs: number }
  | { kind: 'resolved'; afterMs: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('levelChanged' as const),
    afterMs: fc.integer({ min: 0, max: 3 * DAY_MS }),
    level: fc.constantFrom<FaultLevel>(1, 2, 3),
  }),
  fc.record({
    kind: fc.constant('pause' as const),
    afterMs: fc.integer({ min: 0, max: 3 * DAY_MS }),
    lengthMs: fc.integer({ min: 1, max: DAY_MS }),
  }),
  fc.record({ kind: fc.constant('resolved' as const), afterMs: fc.integer({ min: 0, max: 6 * DAY_MS }) }),
);

describe('escalation properties', () => {
  it(
    'one step per deadline, never a cascade at one instant, level never below 1, tier never above 3',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...ZONES),
          fc.constantFrom(...LEVELS),
          instantArb,
          fc.constantFrom<FaultLevel>(1, 2, 3),
          fc.array(stepArb, { maxLength: 4 }),
          fc.integer({ min: 0, max: 4 * DAY_MS }),
          (zone, level, reportedMs, faultLevel, steps, untilAfter) => {
            const events: TicketEvent[] = [{ type: 'reported', at: toIsoUtc(reportedMs), faultLevel }];
            for (const s of steps) {
              const at = reportedMs + s.afterMs;
              if (s.kind === 'levelChanged') {
                events.push({
                  type: 'levelChanged',
                  at: toIsoUtc(at),
                  faultLevel: s.level,
                  reason: 'triage',
                });
              } else if (s.kind === 'pause') {
                events.push({ type: 'paused', at: toIsoUtc(at), reason: 'customer' });
                events.push({ type: 'resumed', at: toIsoUtc(at + s.lengthMs) });
              } else {
                events.push({ type: 'resolved', at: toIsoUtc(at) });
              }
            }
            const r = computeClocks({
              policy: presetPolicy(level, { timeZone: zone }),
              events,
              until: toIsoUtc(reportedMs + untilAfter),
            });
            let previousAt = Number.NEGATIVE_INFINITY;
            let tier = 1;
            const missed = new Set<string>();
            for (const e of r.escalations) {
              const at = toEpochMs(e.at);
              expect(at).toBeGreaterThan(previousAt);
              previousAt = at;
              expect(e.toLevel).toBe(Math.max(1, e.fromLevel - 1));
              expect(e.toLevel).toBeGreaterThanOrEqual(1);
              tier = Math.min(3, tier + 1);
              expect(e.tier).toBe(tier);
              expect(e.tier).toBeLessThanOrEqual(3);
              const due = toEpochMs(e.missedTarget.dueAt);
              if (e.cause === 'deadline') expect(due).toBe(at);
              else expect(due).toBeLessThanOrEqual(at);
              const key = `${e.missedTarget.level}|${e.missedTarget.startAt}|${e.missedTarget.dueAt}`;
              expect(missed.has(key)).toBe(false);
              missed.add(key);
            }
            expect(r.resolution.level).toBeGreaterThanOrEqual(1);
            expect(r.resolution.tier).toBeLessThanOrEqual(3);
            expect(
              compileCalendar(presetCalendar(level, { timeZone: zone })).isOpen(toEpochMs(r.acceptedAt)),
            ).toBe(true);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
