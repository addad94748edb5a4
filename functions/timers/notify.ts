/**
 * The notification seam of the timers. Each firing the decide step records carries a notification
 * intent (`data.notification` of its event: channel, template, tier, recipient roles, status
 * `pending`), written in the same transaction as the firing, so an intent exists exactly once per
 * firing. After the commit the decide step hands the new intents to `notify`.
 *
 * Not built yet (issue 6, next step): the notifier that resolves the roles to the contract's escalation
 * tiers (and the duty roster), sends through the SMS port (functions/sms/), and keeps one notification
 * record per recipient with status, provider message id and attempts. Until then the default notifier
 * sends nothing and the intents stay `pending` on the timeline.
 */
import type { FiringKind, Recipient } from '../../shared/sla/index.ts';

export interface NotificationIntent {
  channel: 'sms';
  /** The firing's key (see ./decide.ts `firingKey`): one intent per firing. */
  firing: string;
  template: FiringKind;
  tier: number;
  /** Roles of tiers 1..tier as the SLA engine names them; the notifier maps them to contacts. */
  roles: Recipient[];
  status: 'pending';
}

export interface Notifier {
  notify(
    ticket: { ticketId: string; contractId: string; companyId: string },
    intents: NotificationIntent[],
  ): Promise<void>;
}

const RECORD_ONLY: Notifier = { notify: async () => {} };

let current: Notifier = RECORD_ONLY;

/** Registers the notifier of this process; `undefined` restores the default (intents recorded only). */
export function useNotifier(notifier: Notifier | undefined): void {
  current = notifier ?? RECORD_ONLY;
}

/** Called after a committed decide with the intents it recorded. Never throws: the firing is recorded. */
export async function notify(
  ticket: { ticketId: string; contractId: string; companyId: string },
  intents: NotificationIntent[],
): Promise<void> {
  if (intents.length === 0) return;
  try {
    await current.notify(ticket, intents);
  } catch (error) {
    console.error(`timers: notifying for ticket ${ticket.ticketId} failed: ${String(error)}`);
  }
}
