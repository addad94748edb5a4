/**
 * The notification seam of the timers. Each firing the decide step records carries a notification
 * intent (`data.notification` of its event: channel, template, tier, recipient roles, the text's
 * details, status `pending`), written in the same transaction as the firing, so an intent exists
 * exactly once per firing. After the commit the decide step hands the new intents to `notify`.
 *
 * The notifier of the process (default: ./sms-notifier.ts with the SMS port the environment names,
 * the same choice as the auth routes') resolves each intent's tiers to stored recipients, claims one
 * notification item per firing and recipient, and sends. Retries with back-off and alerting the next
 * tier after a failure are not built yet (docs/timers.md).
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
  notify(ticket: NotifiedTicket, intents: NotificationIntent[]): Promise<void>;
}

/** Sends nothing: the intents stay `pending` on the timeline. */
export const RECORD_ONLY: Notifier = { notify: async () => {} };

let current: Notifier | undefined;

async function environmentNotifier(): Promise<Notifier> {
  const [{ environmentDeps }, { createSmsNotifier }] = await Promise.all([
    import('../auth/deps.ts'),
    import('./sms-notifier.ts'),
  ]);
  return createSmsNotifier({ sms: environmentDeps().sms });
}

/**
 * Registers the notifier of this process; `undefined` restores the default (SMS through the port the
 * environment names, built at the first notification).
 */
export function useNotifier(notifier: Notifier | undefined): void {
  current = notifier;
}

/** Called after a committed decide with the intents it recorded. Never throws: the firing is recorded. */
export async function notify(ticket: NotifiedTicket, intents: NotificationIntent[]): Promise<void> {
  if (intents.length === 0) return;
  try {
    if (current === undefined) current = await environmentNotifier();
    await current.notify(ticket, intents);
  } catch (error) {
    console.error(`timers: notifying for ticket ${ticket.ticketId} failed: ${String(error)}`);
  }
}
