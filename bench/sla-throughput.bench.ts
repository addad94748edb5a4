/**
 * sla-throughput: 100,000 deadline computations of the C-level 72 h target (5×8, China holidays) from
 * random starts around the National Day week, against a naive minute-by-minute reference in the same
 * run. The reference walks one minute at a time; it asks Temporal for the zone's offset (and caches it
 * until the next transition) and for each local date's weekday, and decides openness from the rules
 * and the holiday data directly. Both must agree on 10,000 random inputs; the target is ≥ 100×.
 */
import { Temporal } from 'temporal-polyfill';
import {
  CN_MAINLAND_HOLIDAYS,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  presetCalendar,
  ServiceCalendar,
  toEpochMs,
  toIsoUtc,
} from '../shared/sla/index.ts';
import { type BenchResult, round } from './harness.ts';

const ZONE = 'Asia/Shanghai';
const TARGET_MS = 72 * HOUR_MS;
const COMPUTATIONS = 100_000;
const CHECKS = 10_000;
const COLD = 1_000;
const TARGET_RATIO = 100;
const RANGE_START = toEpochMs('2026-09-24T00:00:00+08:00');
const RANGE_MINUTES = 16 * 24 * 60;

/** Deterministic pseudo-random minutes (mulberry32), so every run measures the same inputs. */
function randomStarts(count: number, seed: number): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    const r = ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    out.push(RANGE_START + Math.floor(r * RANGE_MINUTES) * MINUTE_MS);
  }
  return out;
}

/** The minute-by-minute reference: count open minutes one by one until the target is reached. */
function createReference(zone: string) {
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
  const workingByLocalDay = new Map<number, boolean>();
  const isWorking = (localDay: number): boolean => {
    let working = workingByLocalDay.get(localDay);
    if (working === undefined) {
      const date = Temporal.Instant.fromEpochMilliseconds(localDay * DAY_MS)
        .toZonedDateTimeISO('UTC')
        .toPlainDate();
      const key = date.toString();
      working = makeUp.has(key) || (!holidays.has(key) && date.dayOfWeek <= 5);
      workingByLocalDay.set(localDay, working);
    }
    return working;
  };
  let pieceStart = Number.POSITIVE_INFINITY;
  let pieceEnd = Number.NEGATIVE_INFINITY;
  let offsetMs = 0;
  return (startMs: number, targetMs: number): number => {
    const minutes = targetMs / MINUTE_MS;
    let counted = 0;
    for (let t = startMs; ; t += MINUTE_MS) {
      if (t < pieceStart || t >= pieceEnd) {
        const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
        offsetMs = z.offsetNanoseconds / 1e6;
        const next = z.getTimeZoneTransition('next');
        const previous = z.getTimeZoneTransition('previous');
        pieceStart = previous === null ? Number.NEGATIVE_INFINITY : previous.epochMilliseconds;
        pieceEnd = next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds;
      }
      const wall = t + offsetMs;
      const localDay = Math.floor(wall / DAY_MS);
      const minuteOfDay = (wall - localDay * DAY_MS) / MINUTE_MS;
      if (minuteOfDay >= 9 * 60 && minuteOfDay < 17 * 60 && isWorking(localDay)) {
        counted++;
        if (counted === minutes) return t + MINUTE_MS;
      }
    }
  };
}

export default async function (): Promise<BenchResult> {
  const spec = presetCalendar('C', { timeZone: ZONE });
  const calendar = new ServiceCalendar(spec);
  const reference = createReference(ZONE);

  // Agreement and the reference's speed, on the same 10,000 inputs.
  const checkStarts = randomStarts(CHECKS, 7);
  const referenceResults: number[] = [];
  const refStart = performance.now();
  for (const start of checkStarts) referenceResults.push(reference(start, TARGET_MS));
  const refSeconds = (performance.now() - refStart) / 1000;
  const mismatches: string[] = [];
  checkStarts.forEach((start, i) => {
    const due = calendar.addServiceTime(start, TARGET_MS);
    if (due !== referenceResults[i]) {
      mismatches.push(
        `${toIsoUtc(start)}: engine ${toIsoUtc(due)}, reference ${toIsoUtc(referenceResults[i] ?? 0)}`,
      );
    }
  });

  // The engine: 100,000 computations on a compiled calendar (its day table warm after the first ones).
  const starts = randomStarts(COMPUTATIONS, 42);
  let checksum = 0;
  for (let i = 0; i < 1_000; i++) checksum += calendar.addServiceTime(starts[i] ?? 0, TARGET_MS) % 7;
  const engineStart = performance.now();
  for (const start of starts) checksum += calendar.addServiceTime(start, TARGET_MS) % 7;
  const engineSeconds = (performance.now() - engineStart) / 1000;

  // Cold: a new calendar for every computation, so each one builds its days through Temporal.
  const coldStart = performance.now();
  for (let i = 0; i < COLD; i++)
    checksum += new ServiceCalendar(spec).addServiceTime(starts[i] ?? 0, TARGET_MS) % 7;
  const coldSeconds = (performance.now() - coldStart) / 1000;

  const engineRate = COMPUTATIONS / engineSeconds;
  const coldRate = COLD / coldSeconds;
  const referenceRate = CHECKS / refSeconds;
  const ratio = engineRate / referenceRate;
  return {
    name: 'sla-throughput',
    metrics: {
      deadlinesPerSec: round(engineRate, 0),
      deadlinesPerSecCold: round(coldRate, 0),
      identical: `${CHECKS - mismatches.length}/${CHECKS}`,
    },
    baseline: { deadlinesPerSec: round(referenceRate, 0) },
    ratios: { deadlinesPerSec: round(ratio, 1), deadlinesPerSecCold: round(coldRate / referenceRate, 1) },
    targets: {
      deadlinesPerSec: `≥ ${TARGET_RATIO}× the minute-by-minute reference`,
      identical: `${CHECKS}/${CHECKS}`,
    },
    pass: ratio >= TARGET_RATIO && mismatches.length === 0,
    notes: [
      `C level (5×8, ${ZONE}, China holidays), 72 h target, starts on random minutes 2026-09-24 … 2026-10-09.`,
      `Engine: ${COMPUTATIONS} computations in ${round(engineSeconds, 3)} s on one compiled calendar; cold (new calendar each time): ${COLD} in ${round(coldSeconds, 3)} s.`,
      `Reference: minute by minute, ${CHECKS} computations in ${round(refSeconds, 2)} s; results identical on ${CHECKS - mismatches.length}/${CHECKS}.`,
      ...mismatches.slice(0, 5).map((m) => `mismatch ${m}`),
      `checksum ${checksum}`,
    ],
  };
}
