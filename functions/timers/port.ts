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
 * - AWS (./sfn-port.ts, the default when `TIMER_STATE_MACHINE_ARN` is set): Step Functions
 *   `StartExecution` of the ticket-timer state machine with input `{ ticketId, wakeAt }` and the
 *   deterministic name `${ticketId}-${version}`, so a retried call is refused as a duplicate
 *   (`ExecutionAlreadyExists`), and the execution it replaces is stopped (were a stop to fail, that
 *   execution wakes to a decide step that finds its work done). `wakeAt: null` starts nothing.
 *
 * A ticket with a notification still to retry (functions/store/notifications.ts `ticketRetryWake`) is
 * armed for the earlier of its next wake-up and that retry, so a change never pushes a retry back.
 */
import { config } from '../lib/config.ts';
import { retryWakeOf } from '../store/notifications.ts';

export interface TimerArm {
  ticketId: string;
  /** The ticket's next wake-up (ISO-8601), or null when it needs no timer any more. */
  wakeAt: string | null;
  /** The ticket's version after the change: the AWS adapter names the execution `${ticketId}-${version}`. */
  version: number;
}

export interface TimerPort {
  arm(request: TimerArm): unknown;
}

const NO_TIMERS: TimerPort = { arm: () => {} };

let current: TimerPort | undefined;

/** The default adapter: Step Functions when the state machine is configured, otherwise none. */
async function defaultPort(): Promise<TimerPort> {
  const stateMachineArn = config.timerStateMachineArn;
  if (stateMachineArn === undefined) return NO_TIMERS;
  const { createSfnTimerPort } = await import('./sfn-port.ts');
  return createSfnTimerPort({ stateMachineArn });
}

/**
 * Registers the adapter of this process; `undefined` restores the default (Step Functions when
 * `TIMER_STATE_MACHINE_ARN` is set, otherwise no timers).
 */
export function useTimerPort(port: TimerPort | undefined): void {
  current = port;
}

export async function timerPort(): Promise<TimerPort> {
  if (current === undefined) current = await defaultPort();
  return current;
}

/** The earlier of two wake-ups, either of which may be null (none). */
export function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/**
 * Arms a ticket's timer after a committed change. Never throws: the change is committed and answered
 * either way, and a timer that failed to start is picked up again from the `byNextWake` index (at boot
 * locally; by a sweep in AWS, see docs/timers.md).
 */
export async function armTicketTimer(request: TimerArm): Promise<void> {
  try {
    const port = await timerPort();
    if (port === NO_TIMERS) return;
    // A new ticket has no notifications yet: no read on the intake path.
    const retryAt = request.version > 1 ? await retryWakeOf(request.ticketId) : null;
    await port.arm({ ...request, wakeAt: earlier(request.wakeAt, retryAt) });
  } catch (error) {
    console.error(`timers: arming the timer of ticket ${request.ticketId} failed: ${String(error)}`);
  }
}
