/**
 * The decide step of a ticket's timer state machine (infra/timers/ticket-timer.asl.json): reload the
 * ticket, record what is due exactly once, return the next wake-up (functions/timers/decide.ts).
 * Lambda invokes `handler`; the local runtime's timers call the same function.
 */
import { createDecide, type DecideInput, type DecideOutput } from '../timers/decide.ts';

export type { DecideInput, DecideOutput };

export const decide = createDecide({ clock: () => new Date() });

export async function handler(input: DecideInput): Promise<DecideOutput> {
  return decide(input);
}
