/**
 * The time a field event counts at (sla-rules.md "Offline events and time"): the phone's recorded time,
 * corrected by the phone's measured clock offset when that exceeds the tolerance (2 minutes), then held
 * no later than the server's receipt and no earlier than the ticket's acceptance. The same rule, in the
 * same order, as the SLA engine's own normalisation (shared/sla/engine.ts), so the engine given the
 * result finds nothing more to correct.
 */
import { CLOCK_CORRECTION_THRESHOLD_MS } from './schemas.ts';

export type FieldTimeCorrection = 'clockOffset' | 'clampedToReceipt' | 'clampedToAcceptance';

export interface FieldTimeInput {
  /** The phone's time of the action (ISO-8601). */
  recordedAt: string;
  /** Phone minus server at the phone's last sync (ms), or null when never measured. */
  clockOffsetMs: number | null;
  /** The server's receipt. */
  receivedAt: Date;
  /** The ticket's acceptance (受理), or null when the rule does not apply (inspections). */
  acceptedAt: string | null;
  /** Default: 2 minutes (the policy's `clockSkewToleranceMs`). */
  toleranceMs?: number;
}

export interface FieldTime {
  /** The time the clocks use, UTC ISO. */
  at: string;
  recordedAt: string;
  receivedAt: string;
  clockOffsetMs: number | null;
  corrected: boolean;
  corrections: FieldTimeCorrection[];
}

export function fieldEventTime(input: FieldTimeInput): FieldTime {
  const tolerance = input.toleranceMs ?? CLOCK_CORRECTION_THRESHOLD_MS;
  const recordedMs = Date.parse(input.recordedAt);
  const receivedMs = input.receivedAt.getTime();
  const corrections: FieldTimeCorrection[] = [];
  let ms = recordedMs;
  if (input.clockOffsetMs !== null && Math.abs(input.clockOffsetMs) > tolerance) {
    ms -= input.clockOffsetMs;
    corrections.push('clockOffset');
  }
  if (ms > receivedMs) {
    ms = receivedMs;
    corrections.push('clampedToReceipt');
  }
  if (input.acceptedAt !== null) {
    const acceptedMs = Date.parse(input.acceptedAt);
    if (ms < acceptedMs) {
      ms = acceptedMs;
      corrections.push('clampedToAcceptance');
    }
  }
  return {
    at: new Date(ms).toISOString(),
    recordedAt: new Date(recordedMs).toISOString(),
    receivedAt: new Date(receivedMs).toISOString(),
    clockOffsetMs: input.clockOffsetMs,
    corrected: ms !== recordedMs,
    corrections,
  };
}
