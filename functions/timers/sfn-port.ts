/**
 * The timer port in AWS: one Step Functions execution of the ticket-timer state machine
 * (infra/timers/ticket-timer.asl.json) per arming, with input `{ ticketId, wakeAt }` and the
 * deterministic name `${ticketId}-${version}`.
 *
 * - A retried call (the same change armed twice) is refused as `ExecutionAlreadyExists`: done.
 * - The execution it replaces is stopped: each arming is recorded per ticket (functions/store/
 *   timer-executions.ts, conditioned on a newer ticket version), which answers the previous execution;
 *   an arming that finds a newer one recorded stops the execution it just started instead. A stop that
 *   fails is only logged: the old execution then wakes to a decide step that finds its work done.
 * - `wakeAt: null` (closed, or nothing pending) starts nothing and stops the running execution.
 */
import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { recordArmedExecution } from '../store/timer-executions.ts';
import type { TimerArm, TimerPort } from './port.ts';

export interface SfnTimerPortOptions {
  stateMachineArn: string;
  client?: SFNClient;
  clock?: () => Date;
}

/** Execution names allow 1…80 characters of letters, digits, `-` and `_`. */
export function executionName(ticketId: string, version: number): string {
  return `${ticketId}-${version}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

export type StartOutcome = 'started' | 'already' | 'none' | 'superseded';

export interface SfnTimerPort extends TimerPort {
  arm(request: TimerArm): Promise<StartOutcome>;
  /** Starts an execution under a name of the caller's (the sweep's); `ExecutionAlreadyExists` is done. */
  start(name: string, input: { ticketId: string; wakeAt: string }): Promise<StartOutcome>;
}

export function createSfnTimerPort(options: SfnTimerPortOptions): SfnTimerPort {
  const client = options.client ?? new SFNClient({});
  const clock = options.clock ?? (() => new Date());
  const executionArnOf = (name: string) =>
    `${options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

  async function startNamed(
    name: string,
    input: { ticketId: string; wakeAt: string },
  ): Promise<{ outcome: 'started'; executionArn: string } | { outcome: 'already' }> {
    try {
      const out = await client.send(
        new StartExecutionCommand({
          stateMachineArn: options.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return { outcome: 'started', executionArn: out.executionArn ?? executionArnOf(name) };
    } catch (error) {
      if (
        error instanceof ExecutionAlreadyExists ||
        (error as { name?: unknown }).name === 'ExecutionAlreadyExists'
      ) {
        return { outcome: 'already' };
      }
      throw error;
    }
  }

  async function stop(executionArn: string, ticketId: string): Promise<void> {
    try {
      await client.send(new StopExecutionCommand({ executionArn, cause: 'replaced by a newer arming' }));
    } catch (error) {
      console.error(`timers: stopping a replaced timer of ticket ${ticketId} failed: ${String(error)}`);
    }
  }

  return {
    start: async (name, input) => (await startNamed(name, input)).outcome,
    async arm({ ticketId, wakeAt, version }) {
      let started: string | null = null;
      if (wakeAt !== null) {
        const out = await startNamed(executionName(ticketId, version), { ticketId, wakeAt });
        if (out.outcome === 'already') return 'already';
        started = out.executionArn;
      }
      const record = await recordArmedExecution(ticketId, version, started, clock().toISOString());
      if (!record.recorded) {
        // A newer change armed the ticket already: this execution is the stale one.
        if (started !== null) await stop(started, ticketId);
        return 'superseded';
      }
      if (record.replaced !== undefined && record.replaced !== started) await stop(record.replaced, ticketId);
      return started === null ? 'none' : 'started';
    },
  };
}
