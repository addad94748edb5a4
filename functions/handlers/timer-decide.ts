/**
 * The decide step of a ticket's timer state machine (infra/timers/ticket-timer.asl.json): reload the
 * ticket, record what is due exactly once, return the next wake-up (functions/timers/decide.ts).
 * Lambda invokes `handler`; the local runtime's timers call the same function.
 *
 * A passing failure of the store is thrown as `StoreUnavailable`, the name the state machine retries
 * with back-off.
 *
 * The same function is the sweep's (functions/timers/sweep.ts): the scheduled rule invokes it with
 * `{ "sweep": true }`, and it starts executions for wake-ups nobody watches.
 */
import { config } from '../lib/config.ts';
import {
  createDecide,
  type DecideInput,
  type DecideOutput,
  isTransientStoreError,
  StoreUnavailable,
} from '../timers/decide.ts';
import { createSfnTimerPort } from '../timers/sfn-port.ts';
import { type SweepResult, sweep } from '../timers/sweep.ts';

export type { DecideInput, DecideOutput };

export const decide = createDecide({ clock: () => new Date() });

export async function handler(input: DecideInput): Promise<DecideOutput>;
export async function handler(input: { sweep: true }): Promise<SweepResult>;
export async function handler(input: DecideInput | { sweep: true }): Promise<DecideOutput | SweepResult> {
  if ('sweep' in input) {
    const stateMachineArn = config.timerStateMachineArn;
    if (stateMachineArn === undefined) throw new Error('Sitecall: TIMER_STATE_MACHINE_ARN is not set');
    const port = createSfnTimerPort({ stateMachineArn });
    return sweep({ now: new Date(), start: port.start });
  }
  try {
    return await decide(input);
  } catch (error) {
    // Named for the state machine's retrier; anything else is retried a few times as States.ALL.
    if (isTransientStoreError(error)) {
      throw new StoreUnavailable(`the store failed for ticket ${input.ticketId}`, { cause: error });
    }
    throw error;
  }
}
