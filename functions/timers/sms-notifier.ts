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
 *   name; retrying it is the next step.
 */
import type { SmsTemplateId } from '../../shared/sms/templates.ts';
import { maskPhone, type SmsPort } from '../sms/port.ts';
import { Recipient } from '../sms/recipient.ts';
import {
  claimNotification,
  escalationOfContract,
  type StoredEscalationTier,
  settleNotification,
  storedContractContact,
  storedStaffOfCompany,
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
      // No template of its own yet: "due within 0 days".
      return { template: 'reportDue', params: { ticketNo, days: '0' } };
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

async function tierTargets(ticket: NotifiedTicket, entry: StoredEscalationTier | undefined, tier: number) {
  if (entry === undefined) return [];
  const contacts = await Promise.all(
    (entry.contactIds ?? []).map(async (contactId): Promise<Target | undefined> => {
      const stored = await storedContractContact(ticket.contractId, contactId);
      return stored === undefined
        ? undefined
        : { recipient: Recipient.fromContractContact(stored), kind: 'contact', id: contactId, tier };
    }),
  );
  const staff = await Promise.all(
    (entry.staffIds ?? []).map((id) => staffTarget(ticket.companyId, id, tier)),
  );
  return [...contacts, ...staff].filter((t): t is Target => t !== undefined);
}

/** The people of tiers 1..tier, one per phone (the lowest tier naming it). */
async function targetsOf(
  ticket: NotifiedTicket,
  tiers: readonly StoredEscalationTier[],
  upTo: number,
): Promise<Target[]> {
  const all: Target[] = [];
  for (let tier = 1; tier <= upTo; tier++) {
    const entry = tiers.find((t) => t.tier === tier);
    if (tier === 1 && ticket.assignedEngineerId !== undefined) {
      const engineer = await staffTarget(ticket.companyId, ticket.assignedEngineerId, 1);
      if (engineer !== undefined) all.push(engineer);
    } else {
      all.push(...(await tierTargets(ticket, entry, tier)));
    }
  }
  const byPhone = new Map<string, Target>();
  for (const t of all) if (!byPhone.has(t.recipient.phone)) byPhone.set(t.recipient.phone, t);
  return [...byPhone.values()];
}

export function createSmsNotifier(deps: SmsNotifierDeps): Notifier {
  const clock = deps.clock ?? (() => new Date());
  return {
    async notify(ticket, intents) {
      const chain = await escalationOfContract(ticket.contractId);
      if (chain === undefined || chain.companyId !== ticket.companyId) {
        console.error(`timers: no contract ${ticket.contractId} for ticket ${ticket.ticketId}; nothing sent`);
        return;
      }
      const timeZone = ticket.timeZone ?? chain.timeZone;
      const ticketNo = ticket.number ?? ticket.ticketId;
      for (const intent of intents) {
        const targets = await targetsOf(ticket, chain.tiers, intent.tier);
        const { template, params } = messageOf(ticketNo, intent);
        const dueAt = intent.detail?.dueAt;
        const missedTargetLocal =
          intent.template === 'escalation' && dueAt !== undefined ? localTime(dueAt, timeZone) : undefined;
        for (const target of targets) {
          const key = {
            ticketId: ticket.ticketId,
            firing: intent.firing,
            recipient: `${target.kind}:${target.id}`,
          };
          const now = clock().toISOString();
          const claimed = await claimNotification({
            ...key,
            companyId: ticket.companyId,
            contractId: ticket.contractId,
            recipientKind: target.kind,
            recipientId: target.id,
            tier: target.tier,
            phone: target.recipient.phone,
            channel: 'sms',
            template,
            lang: 'zh-CN',
            params,
            ...(missedTargetLocal === undefined ? {} : { missedTargetLocal }),
            createdAt: now,
            at: now,
          });
          if (!claimed) continue;
          const masked = maskPhone(target.recipient.phone);
          let outcome: Parameters<typeof settleNotification>[1];
          try {
            const { providerMessageId } = await deps.sms.send({
              to: target.recipient,
              template,
              params,
              lang: 'zh-CN',
            });
            outcome = { status: 'sent', providerMessageId, at: clock().toISOString() };
          } catch (error) {
            const name = error instanceof Error ? error.name : 'Error';
            console.error(`timers: SMS ${template} for ${intent.firing} to ${masked} failed: ${name}`);
            outcome = { status: 'failed', error: name, at: clock().toISOString() };
          }
          await settleNotification(key, outcome);
        }
      }
    },
  };
}
