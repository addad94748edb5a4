/**
 * The timer port in AWS: one Step Functions execution of the ticket-timer state machine
 * (infra/timers/ticket-timer.asl.json) per arming, with input `{ ticketId, wakeAt }` and the
 * deterministic name `${ticketId}-${version}`.
 *
 * - A retried call (the same change armed twice) is refused as `ExecutionAlreadyExists`: done.
 * - An older execution is not stopped: it wakes to a decide step that finds its work done and returns
 *   the ticket's current wake-up, so it may run on beside the new one (docs/timers.md).
 * - `wakeAt: null` (closed, or nothing pending) starts nothing.
 */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { TimerArm, TimerPort } from './port.ts';

export interface SfnTimerPortOptions {
  stateMachineArn: string;
  client?: SFNClient;
}

/** Execution names allow 1…80 characters of letters, digits, `-` and `_`. */
export function executionName(ticketId: string, version: number): string {
  return `${ticketId}-${version}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

export type StartOutcome = 'started' | 'already' | 'none';

export interface SfnTimerPort extends TimerPort {
  arm(request: TimerArm): Promise<StartOutcome>;
  /** Starts an execution under a name of the caller's (the sweep's); `ExecutionAlreadyExists` is done. */
  start(name: string, input: { ticketId: string; wakeAt: string }): Promise<StartOutcome>;
}

export function createSfnTimerPort(options: SfnTimerPortOptions): SfnTimerPort {
  const client = options.client ?? new SFNClient({});
  const start = async (name: string, input: { ticketId: string; wakeAt: string }): Promise<StartOutcome> => {
    try {
      await client.send(
        new StartExecutionCommand({
          stateMachineArn: options.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return 'started';
    } catch (error) {
      if (
        error instanceof ExecutionAlreadyExists ||
        (error as { name?: unknown }).name === 'ExecutionAlreadyExists'
      ) {
        return 'already';
      }
      throw error;
    }
  };
  return {
    start,
    async arm({ ticketId, wakeAt, version }) {
      if (wakeAt === null) return 'none';
      return start(executionName(ticketId, version), { ticketId, wakeAt });
    },
  };
}
