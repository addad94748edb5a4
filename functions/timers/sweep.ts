/**
 * The backstop of the timers in AWS (docs/timers.md "The sweep"): a scheduled run (EventBridge, every
 * 5 minutes) reads the index of next wake-ups — the SLA engine's (`byNextWake`) and the notifications'
 * retries (`ticketRetryWake`), the same list the local runtime re-arms at boot (./boot.ts) — and starts
 * an execution for every wake-up overdue by more than a margin. A live timer moves its ticket's
 * wake-up when it decides, so a wake-up still in the index well after its instant means no execution
 * is watching it (the arming call failed, or an execution failed after its retries).
 *
 * The execution's name is `${ticketId}-sweep-${epoch ms of the wake-up}`: two sweeps of the same stuck
 * wake-up start one execution (the second is `ExecutionAlreadyExists`), and the decide step is
 * exactly-once anyway.
 */
import { type WakeUp, wakeUpsFromIndex } from './boot.ts';
import { executionName, type StartOutcome } from './sfn-port.ts';

/** How late a wake-up may be before the sweep takes it as lost: executions start within seconds. */
export const SWEEP_MARGIN_MS = 5 * 60_000;

export interface SweepDeps {
  now: Date;
  marginMs?: number;
  start(name: string, input: { ticketId: string; wakeAt: string }): Promise<StartOutcome>;
}

export interface SweepResult {
  /** Wake-ups in the index. */
  checked: number;
  /** Overdue by more than the margin. */
  overdue: number;
  /** Executions started (the rest existed already). */
  started: number;
}

/** The sweep's execution name of one overdue wake-up. */
export function sweepExecutionName(wake: WakeUp): string {
  return executionName(`${wake.ticketId}-sweep`, Date.parse(wake.wakeAt));
}

export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  const limit = deps.now.getTime() - (deps.marginMs ?? SWEEP_MARGIN_MS);
  const wakeUps = await wakeUpsFromIndex();
  const overdue = wakeUps.filter((w) => Date.parse(w.wakeAt) <= limit);
  let started = 0;
  for (const wake of overdue) {
    try {
      const outcome = await deps.start(sweepExecutionName(wake), {
        ticketId: wake.ticketId,
        wakeAt: wake.wakeAt,
      });
      if (outcome === 'started') started++;
    } catch (error) {
      console.error(
        `timers: the sweep could not start the timer of ticket ${wake.ticketId}: ${String(error)}`,
      );
    }
  }
  if (overdue.length > 0) {
    console.log(`timers: sweep found ${overdue.length} overdue wake-up(s), started ${started}`);
  }
  return { checked: wakeUps.length, overdue: overdue.length, started };
}
