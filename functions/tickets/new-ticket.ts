/**
 * A ticket as it is reported, built in one place for every way a fault comes in (the public intake, and
 * a failed inspection check the engineer submits): the contract's SLA policy version in force at the
 * report, the next number of the company's year in the contract's zone, and the clocks the SLA engine
 * computes from the `reported` event.
 */
import { type FaultLevel, type SlaPolicy, selectPolicyVersion, toIsoInZone } from '../../shared/sla/index.ts';
import { formatTicketNumber } from '../../shared/tickets/number.ts';
import type { ContractItem, DeviceItem } from '../store/desk-entities.ts';
import { newId } from '../store/register.ts';
import { nextSequence, type Ticket, withClocks } from '../store/tickets.ts';
import { clockFields } from './clocks.ts';

export interface ReportedTicket {
  ticket: Ticket;
  /** The first event, as the clocks read it; the caller adds who reported it. */
  event: { type: 'reported'; at: string; data: { faultLevel: FaultLevel } };
}

export async function newReportedTicket(input: {
  contract: ContractItem;
  device: DeviceItem;
  proposedLevel: FaultLevel;
  description: string;
  answers: Ticket['answers'];
  reporterName: string;
  reporterPhone: string;
  language: Ticket['language'];
  now: Date;
}): Promise<ReportedTicket> {
  const { contract, device, now, proposedLevel } = input;
  const reportedAt = now.toISOString();
  const policy = selectPolicyVersion(contract.policies as SlaPolicy[], reportedAt);
  const year = Number(toIsoInZone(now.getTime(), contract.timeZone).slice(0, 4));
  const sequence = await nextSequence(contract.companyId, year);
  const event = { type: 'reported' as const, at: reportedAt, data: { faultLevel: proposedLevel } };
  const clocks = clockFields(policy, [event], now, 'new');
  const ticket = withClocks(
    {
      ticketId: newId(),
      companyId: contract.companyId,
      contractId: contract.contractId,
      contractName: contract.name,
      serviceLevel: policy.serviceLevel,
      timeZone: contract.timeZone,
      deviceId: device.deviceId,
      device: {
        category: device.category,
        model: device.model,
        ...(device.serial === undefined ? {} : { serial: device.serial }),
      },
      siteId: device.siteId,
      number: formatTicketNumber(year, sequence),
      state: 'new',
      paused: false,
      proposedLevel,
      description: input.description,
      answers: input.answers,
      reporterName: input.reporterName,
      reporterPhone: input.reporterPhone,
      ...(input.language === undefined ? {} : { language: input.language }),
      policy,
      reportedAt,
      createdAt: reportedAt,
      updatedAt: reportedAt,
      version: 1,
    },
    clocks,
  );
  return { ticket, event };
}
