/**
 * One example deadline of a policy version, computed by the SLA engine itself (the desk's form shows
 * it while the numbers are typed). Apart from ./policy-numbers.ts so that pages without the preview
 * do not load the engine.
 */
import { computeClocks, type FaultLevel, type SlaPolicy } from '../sla/index.ts';

export interface DeadlinePreview {
  reportedAt: string;
  acceptedAt: string;
  arrivalDueAt: string;
  resolutionDueAt: string;
  /** Why the resolution deadline is what it is, as the engine explains it. */
  explain: { zh: string; en: string };
}

/**
 * One example, computed by the SLA engine: a fault of `level` reported at `reportedAt` under `policy`.
 * Null when the engine cannot place it (e.g. a calendar that never opens within its horizon).
 */
export function previewDeadline(
  policy: SlaPolicy,
  reportedAt: string,
  level: FaultLevel,
): DeadlinePreview | null {
  try {
    const clocks = computeClocks({
      policy,
      events: [{ type: 'reported', at: reportedAt, faultLevel: level }],
      until: reportedAt,
    });
    const segment = clocks.resolution.segments[0];
    if (segment === undefined || segment.dueAt === null) return null;
    return {
      reportedAt: clocks.reportedAt,
      acceptedAt: clocks.acceptedAt,
      arrivalDueAt: clocks.arrival.dueAt,
      resolutionDueAt: segment.dueAt,
      explain: { zh: segment.explain.zh, en: segment.explain.en },
    };
  } catch {
    return null;
  }
}
