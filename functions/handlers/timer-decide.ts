/**
 * The decide step of a ticket's timer state machine: reload the ticket, apply what is due, return
 * the next wake-up. Until the escalation timers are built it only reports that nothing is due, so
 * the state machine ends.
 */
export interface DecideInput {
  ticketId: string;
}

export interface DecideOutput {
  ticketId: string;
  /** The next instant to wake, ISO-8601, or null when the ticket needs no more timers. */
  wakeAt: string | null;
}

export async function handler(input: DecideInput): Promise<DecideOutput> {
  return { ticketId: input.ticketId, wakeAt: null };
}
