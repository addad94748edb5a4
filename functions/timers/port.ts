/**
 * The timer port: how a committed ticket change tells the timers that the ticket's next wake-up moved.
 *
 * The ticket write path (functions/store/tickets.ts) calls `armTicketTimer` after every committed change
 * whose next wake-up differs from the one before (intake, triage, pause, resume, close, a late field
 * event). The decide step never calls it: it returns its next wake-up to the running execution instead.
 *
 * Adapters:
 * - default: does nothing (unit tests, and any process that runs no timers);
 * - local runtime (infra/local/server.ts): a `LocalTimers` running the state machine in-process;
 * - AWS (next step): Step Functions `StartExecution` of the ticket-timer state machine with input
 *   `{ ticketId, wakeAt }` and the deterministic name `${ticketId}-${version}`, so a retried call is
 *   refused as a duplicate (`ExecutionAlreadyExists`) and an older execution wakes, finds its work done
 *   by the version-checked decide step, and ends harmlessly. `wakeAt: null` starts nothing.
 */

export interface TimerArm {
  ticketId: string;
  /** The ticket's next wake-up (ISO-8601), or null when it needs no timer any more. */
  wakeAt: string | null;
  /** The ticket's version after the change: the AWS adapter names the execution `${ticketId}-${version}`. */
  version: number;
}

export interface TimerPort {
  arm(request: TimerArm): void | Promise<void>;
}

const NO_TIMERS: TimerPort = { arm: () => {} };

let current: TimerPort = NO_TIMERS;

/** Registers the adapter of this process; `undefined` restores the default (no timers). */
export function useTimerPort(port: TimerPort | undefined): void {
  current = port ?? NO_TIMERS;
}

export function timerPort(): TimerPort {
  return current;
}

/**
 * Arms a ticket's timer after a committed change. Never throws: the change is committed and answered
 * either way, and a timer that failed to start is picked up again from the `byNextWake` index (at boot
 * locally; by a sweep in AWS, see docs/timers.md).
 */
export async function armTicketTimer(request: TimerArm): Promise<void> {
  try {
    await current.arm(request);
  } catch (error) {
    console.error(`timers: arming the timer of ticket ${request.ticketId} failed: ${String(error)}`);
  }
}
