/**
 * The notification seam of the timers. Each firing the decide step records carries a notification
 * intent (`data.notification` of its event: channel, template, tier, recipient roles, the text's
 * details, status `pending`), written in the same transaction as the firing, so an intent exists
 * exactly once per firing. After the commit the decide step hands the new intents to `notify`.
 *
 * The notifier of the process (default: ./sms-notifier.ts with the SMS port the environment names,
 * the same choice as the auth routes') resolves each intent's tiers to stored recipients, claims one
 * notification item per firing and recipient, and sends. On every wake-up the decide step also calls
 * `retryNotifications`: the notifier tries again what failed (back-off, bounded attempts), alerts the
 * next tier for what still fails, and answers its next retry, which the timer wakes for (docs/timers.md).
 */
import type { FaultLevel, FiringKind, Recipient } from '../../shared/sla/index.ts';

export interface NotificationIntent {
  channel: 'sms';
  /** The firing's key (see ./decide.ts `firingKey`): one intent per firing. */
  firing: string;
  template: FiringKind;
  tier: number;
  /** Roles of tiers 1..tier as the SLA engine names them; the notifier maps them to contacts. */
  roles: Recipient[];
  /** The firing's instant (absent on intents recorded before it was added). */
  at?: string;
  /** What the text says beyond the ticket number (absent on intents recorded before it was added). */
  detail?: {
    level?: FaultLevel;
    /** The target the firing is about: the missed resolution target of an escalation, a deadline. */
    dueAt?: string;
    minutesLeft?: number;
    daysLeft?: number;
  };
  status: 'pending';
}

/** What the notifier reads of the ticket (the decide step passes the ticket it just wrote). */
export interface NotifiedTicket {
  ticketId: string;
  contractId: string;
  companyId: string;
  number?: string;
  timeZone?: string;
  assignedEngineerId?: string;
}

export interface Notifier {
  /** `now`: the decide step's instant (the records' times and the first retry count from it). */
  notify(ticket: NotifiedTicket, intents: NotificationIntent[], now?: Date): Promise<void>;
  /** Retries what is due at `now`; answers the ticket's earliest pending retry (null: none). */
  retry?(ticket: NotifiedTicket, now: Date): Promise<string | null>;
}

/** Sends nothing: the intents stay `pending` on the timeline. */
export const RECORD_ONLY: Notifier = { notify: async () => {} };

let current: Notifier | undefined;

/** A retry pass that failed is tried again this much later. */
export const RETRY_PASS_AGAIN_MS = 60_000;

async function environmentNotifier(): Promise<Notifier> {
  const [{ environmentDeps }, { createSmsNotifier }, { dutyOnCall }] = await Promise.all([
    import('../auth/deps.ts'),
    import('./sms-notifier.ts'),
    import('../store/duty.ts'),
  ]);
  return createSmsNotifier({ sms: environmentDeps().sms, duty: dutyOnCall });
}

/**
 * Registers the notifier of this process; `undefined` restores the default (SMS through the port the
 * environment names, built at the first notification).
 */
export function useNotifier(notifier: Notifier | undefined): void {
  current = notifier;
}

/** Called after a committed decide with the intents it recorded. Never throws: the firing is recorded. */
export async function notify(
  ticket: NotifiedTicket,
  intents: NotificationIntent[],
  now?: Date,
): Promise<void> {
  if (intents.length === 0) return;
  try {
    if (current === undefined) current = await environmentNotifier();
    await current.notify(ticket, intents, now);
  } catch (error) {
    console.error(`timers: notifying for ticket ${ticket.ticketId} failed: ${String(error)}`);
  }
}

/**
 * Called by the decide step on every wake-up of an open ticket: retries the notifications due at `now`
 * and answers the ticket's earliest pending retry (null: none, or the notifier keeps no retries). Never
 * throws: a failure here (the store unreachable) is logged and the pass is tried again a minute later.
 */
export async function retryNotifications(ticket: NotifiedTicket, now: Date): Promise<string | null> {
  try {
    if (current === undefined) current = await environmentNotifier();
    return (await current.retry?.(ticket, now)) ?? null;
  } catch (error) {
    console.error(`timers: retrying notifications of ticket ${ticket.ticketId} failed: ${String(error)}`);
    return new Date(now.getTime() + RETRY_PASS_AGAIN_MS).toISOString();
  }
}
