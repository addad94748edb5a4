/**
 * The notifier of the ticket timers (docs/timers.md "Notifications"): each intent of a committed firing
 * → the people of tiers 1..tier → one SMS each through the SMS port, one `ticketNotification` item each.
 *
 * - Tier 1 is the assigned engineer (a staff record), or, while the ticket is unassigned, the contract's
 *   tier-1 entries; tiers 2 and 3 are the contract's escalation entries (contacts and staff).
 * - Recipients are built only from records read from the table (Recipient.fromStaff / fromContractContact);
 *   inactive or unknown staff, and contacts of another contract, are skipped; a phone named by several
 *   tiers gets one text. The reporter's number on the ticket is never a recipient.
 * - Exactly once per firing and recipient: the item is claimed (created with a condition on its key) before
 *   the send; a re-run finds it and sends nothing. A send that throws is recorded `failed` with the error's
 *   name and the next attempt's instant.
 * - `retry(ticket, now)` (called by the decide step on every wake-up): each due item is tried again, its
 *   attempt claimed with a condition on the count (exactly once per attempt), with back-off (1, 2, 4,
 *   8 minutes; MAX_ATTEMPTS in all); one whose attempts are used up alerts the next tier above it once
 *   (the same text, to the people of that tier not texted for the firing yet) and becomes `undelivered`.
 *   It answers the earliest next attempt, which the decide step returns as the timer's wake-up when it
 *   comes before the SLA engine's.
 */
import type { SmsTemplateId } from '../../shared/sms/templates.ts';
import { maskPhone, type SmsPort } from '../sms/port.ts';
import { Recipient } from '../sms/recipient.ts';
import {
  claimNotification,
  claimRetry,
  escalationOfContract,
  isDue,
  MAX_ATTEMPTS,
  markUndelivered,
  type NotificationKey,
  notificationsOfTicket,
  type StoredEscalationTier,
  setRetryWake,
  settleNotification,
  storedContractContact,
  storedStaffOfCompany,
  summarizeNotifications,
  type TicketNotification,
} from '../store/notifications.ts';
import type { NotificationIntent, NotifiedTicket, Notifier } from './notify.ts';

export interface SmsNotifierDeps {
  sms: SmsPort;
  clock?: () => Date;
}

interface Target {
  recipient: Recipient;
  kind: 'staff' | 'contact';
  id: string;
  tier: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, Math.round(value)));

/** The template and its bounded parameters (shared/sms/templates.ts) for one intent. */
export function messageOf(
  ticketNo: string,
  intent: NotificationIntent,
): { template: SmsTemplateId; params: Record<string, string> } {
  const d = intent.detail ?? {};
  switch (intent.template) {
    case 'escalation':
      return { template: 'escalationAlert', params: { ticketNo, level: String(d.level ?? 1) } };
    case 'arrivalMissed':
      return { template: 'arrivalMissed', params: { ticketNo } };
    case 'arrivalWarning':
    case 'resolutionWarning':
      return {
        template: 'warning',
        params: {
          ticketNo,
          deadline: intent.template === 'arrivalWarning' ? 'arrival' : 'resolution',
          minutes: String(clamp(d.minutesLeft ?? 1, 1, 9999)),
        },
      };
    case 'reportWarning':
      return { template: 'reportDue', params: { ticketNo, days: String(clamp(d.daysLeft ?? 1, 0, 9)) } };
    case 'reportMissed':
      return { template: 'reportMissed', params: { ticketNo } };
  }
}

/** An instant as local time in a zone, `2026-11-20 10:00`. */
export function localTime(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

async function staffTarget(companyId: string, staffId: string, tier: number): Promise<Target | undefined> {
  const member = await storedStaffOfCompany(companyId, staffId);
  if (member === undefined || !member.active) return undefined;
  return { recipient: Recipient.fromStaff(member), kind: 'staff', id: staffId, tier };
}

async function contactTarget(
  contractId: string,
  contactId: string,
  tier: number,
): Promise<Target | undefined> {
  const stored = await storedContractContact(contractId, contactId);
  return stored === undefined
    ? undefined
    : { recipient: Recipient.fromContractContact(stored), kind: 'contact', id: contactId, tier };
}

async function entryTargets(ticket: NotifiedTicket, entry: StoredEscalationTier | undefined, tier: number) {
  if (entry === undefined) return [];
  const found = await Promise.all([
    ...(entry.contactIds ?? []).map((id) => contactTarget(ticket.contractId, id, tier)),
    ...(entry.staffIds ?? []).map((id) => staffTarget(ticket.companyId, id, tier)),
  ]);
  return found.filter((t): t is Target => t !== undefined);
}

/** Who stands for tiers 1 and 2 instead of the contract's entries (the duty roster), at an instant. */
export type DutyLookup = (
  ticket: NotifiedTicket,
  at: string,
  timeZone: string,
) => Promise<{ engineerId: string; managerId: string } | undefined>;

const NO_DUTY: DutyLookup = async () => undefined;

/**
 * The people of one tier: tier 1 is the assigned engineer, or while unassigned the duty roster's
 * engineer (when an entry applies) or the contract's tier-1 entries; tier 2 is the roster's manager when
 * an entry applies, otherwise the contract's tier-2 entries; tier 3 the contract's tier-3 entries.
 */
async function tierTargets(
  ticket: NotifiedTicket,
  tiers: readonly StoredEscalationTier[],
  tier: number,
  duty: { engineerId: string; managerId: string } | undefined,
): Promise<Target[]> {
  if (tier === 1 && ticket.assignedEngineerId !== undefined) {
    const engineer = await staffTarget(ticket.companyId, ticket.assignedEngineerId, 1);
    return engineer === undefined ? [] : [engineer];
  }
  if (duty !== undefined && (tier === 1 || tier === 2)) {
    const person = await staffTarget(ticket.companyId, tier === 1 ? duty.engineerId : duty.managerId, tier);
    if (person !== undefined) return [person];
  }
  return entryTargets(
    ticket,
    tiers.find((t) => t.tier === tier),
    tier,
  );
}

/** The people of tiers 1..tier, one per phone (the lowest tier naming it). */
async function targetsOf(
  ticket: NotifiedTicket,
  tiers: readonly StoredEscalationTier[],
  upTo: number,
  duty: { engineerId: string; managerId: string } | undefined,
): Promise<Target[]> {
  const all: Target[] = [];
  for (let tier = 1; tier <= upTo; tier++) all.push(...(await tierTargets(ticket, tiers, tier, duty)));
  const byPhone = new Map<string, Target>();
  for (const t of all) if (!byPhone.has(t.recipient.phone)) byPhone.set(t.recipient.phone, t);
  return [...byPhone.values()];
}

/** The firing a notification is about: a next-tier alert's key is the firing's key + `|fallback/T<n>`. */
export function baseFiring(firing: string): string {
  const bar = firing.indexOf('|');
  return bar < 0 ? firing : firing.slice(0, bar);
}

/** The highest tier of the chain. */
export const TOP_TIER = 3;

export interface SmsNotifier extends Notifier {
  /**
   * Tries again every notification of the ticket whose next attempt is due at `now`, gives up on those
   * out of attempts (alerting the next tier), records the ticket's earliest pending retry and answers it
   * (null: nothing pending).
   */
  retry(ticket: NotifiedTicket, now: Date): Promise<string | null>;
}

export function createSmsNotifier(deps: SmsNotifierDeps & { duty?: DutyLookup }): SmsNotifier {
  const clock = deps.clock ?? (() => new Date());
  const dutyOf = deps.duty ?? NO_DUTY;

  /** One attempt of a claimed notification: send, then settle it under the attempt's count. */
  async function attempt(
    key: NotificationKey,
    recipient: Recipient | undefined,
    message: { template: SmsTemplateId; params: Record<string, string> },
    attemptNo: number,
    now: string,
  ): Promise<void> {
    let outcome: Parameters<typeof settleNotification>[1];
    try {
      if (recipient === undefined) throw new RecipientUnavailable('not an active recipient any more');
      const { providerMessageId } = await deps.sms.send({
        to: recipient,
        template: message.template,
        params: message.params,
        lang: 'zh-CN',
      });
      outcome = { status: 'sent', providerMessageId, at: now };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const masked = recipient === undefined ? key.recipient : maskPhone(recipient.phone);
      console.error(
        `timers: SMS ${message.template} for ${key.firing} to ${masked} failed (attempt ${attemptNo}): ${name}`,
      );
      outcome = { status: 'failed', error: name, at: now };
    }
    await settleNotification(key, outcome, attemptNo);
  }

  /** Claims and sends the notification of one firing to each target (exactly once per key). */
  async function sendTo(
    ticket: NotifiedTicket,
    firing: string,
    targets: readonly Target[],
    message: { template: SmsTemplateId; params: Record<string, string> },
    extra: { missedTargetLocal?: string; fallbackOf?: string },
    now: string,
  ): Promise<void> {
    for (const target of targets) {
      const key = { ticketId: ticket.ticketId, firing, recipient: `${target.kind}:${target.id}` };
      const claimed = await claimNotification({
        ...key,
        companyId: ticket.companyId,
        contractId: ticket.contractId,
        recipientKind: target.kind,
        recipientId: target.id,
        tier: target.tier,
        phone: target.recipient.phone,
        channel: 'sms',
        template: message.template,
        lang: 'zh-CN',
        params: message.params,
        ...extra,
        createdAt: now,
        at: now,
      });
      if (claimed) await attempt(key, target.recipient, message, 1, now);
    }
  }

  async function currentRecipient(ticket: NotifiedTicket, item: TicketNotification) {
    const target =
      item.recipientKind === 'staff'
        ? await staffTarget(ticket.companyId, item.recipientId, item.tier)
        : await contactTarget(ticket.contractId, item.recipientId, item.tier);
    return target?.recipient;
  }

  /** Attempts used up: alert the first tier above with someone not texted for the firing yet, once. */
  async function giveUp(
    ticket: NotifiedTicket,
    item: TicketNotification,
    items: readonly TicketNotification[],
    chain: { timeZone: string; tiers: StoredEscalationTier[] },
    now: string,
  ): Promise<void> {
    const base = baseFiring(item.firing);
    const texted = new Set(
      items.filter((i) => baseFiring(i.firing) === base).flatMap((i) => [i.recipient, i.phone]),
    );
    const duty = await dutyOf(ticket, now, chain.timeZone);
    let alerted = 0;
    for (let tier = item.tier + 1; tier <= TOP_TIER && alerted === 0; tier++) {
      const fresh = (await tierTargets(ticket, chain.tiers, tier, duty)).filter(
        (t) => !texted.has(`${t.kind}:${t.id}`) && !texted.has(t.recipient.phone),
      );
      if (fresh.length === 0) continue;
      alerted = tier;
      await sendTo(
        ticket,
        `${base}|fallback/T${tier}`,
        fresh,
        { template: item.template as SmsTemplateId, params: item.params as Record<string, string> },
        {
          fallbackOf: item.recipient,
          ...(item.missedTargetLocal === undefined ? {} : { missedTargetLocal: item.missedTargetLocal }),
        },
        now,
      );
    }
    if (await markUndelivered(item, alerted, now)) {
      console.error(
        `timers: SMS ${item.template} for ${item.firing} undelivered after ${item.attempts} attempts; ${
          alerted === 0 ? 'no tier above to alert' : `tier ${alerted} alerted`
        }`,
      );
    }
  }

  return {
    async notify(ticket, intents, nowDate) {
      const now = (nowDate ?? clock()).toISOString();
      const chain = await escalationOfContract(ticket.contractId);
      if (chain === undefined || chain.companyId !== ticket.companyId) {
        console.error(`timers: no contract ${ticket.contractId} for ticket ${ticket.ticketId}; nothing sent`);
        return;
      }
      const timeZone = ticket.timeZone ?? chain.timeZone;
      const ticketNo = ticket.number ?? ticket.ticketId;
      for (const intent of intents) {
        const duty = await dutyOf(ticket, intent.at ?? now, timeZone);
        const targets = await targetsOf(ticket, chain.tiers, intent.tier, duty);
        const message = messageOf(ticketNo, intent);
        const dueAt = intent.detail?.dueAt;
        const missedTargetLocal =
          intent.template === 'escalation' && dueAt !== undefined ? localTime(dueAt, timeZone) : undefined;
        await sendTo(
          ticket,
          intent.firing,
          targets,
          message,
          missedTargetLocal === undefined ? {} : { missedTargetLocal },
          now,
        );
      }
    },

    async retry(ticket, nowDate) {
      const now = nowDate.toISOString();
      let items = await notificationsOfTicket(ticket.ticketId);
      let worked = false;
      // A last attempt that fails is due at once to give up: a second pass alerts the next tier.
      for (let pass = 0; pass < 2; pass++) {
        const due = items.filter((i) => isDue(i, now));
        if (due.length === 0) break;
        worked = true;
        const chain = await escalationOfContract(ticket.contractId);
        for (const item of due) {
          if (item.attempts >= MAX_ATTEMPTS) {
            if (chain !== undefined && chain.companyId === ticket.companyId) {
              const tiers = { timeZone: ticket.timeZone ?? chain.timeZone, tiers: chain.tiers };
              await giveUp(ticket, item, items, tiers, now);
            } else {
              await markUndelivered(item, 0, now);
            }
            continue;
          }
          if (!(await claimRetry(item, now))) continue;
          const key = { ticketId: item.ticketId, firing: item.firing, recipient: item.recipient };
          const message = {
            template: item.template as SmsTemplateId,
            params: item.params as Record<string, string>,
          };
          await attempt(key, await currentRecipient(ticket, item), message, item.attempts + 1, now);
        }
        items = await notificationsOfTicket(ticket.ticketId);
      }
      const next = summarizeNotifications(items).nextAttemptAt;
      if (worked || next !== null) await setRetryWake(ticket, next);
      return next;
    },
  };
}

class RecipientUnavailable extends Error {
  override name = 'RecipientUnavailable';
}
