/**
 * The entities of the service desk on the one table: customers, contracts (with their SLA policy
 * versions and escalation tiers), sites, contacts, devices and their QR tokens, tickets with their
 * append-only timeline, the per-year ticket counters and the intake idempotency records.
 * docs/data-model.md has the table of access patterns; ./keys.ts has the conventions.
 */
import type { EntityItem } from 'electrodb';
import { TICKET_STATES } from '../../shared/tickets/lifecycle.ts';
import { documents, tableName } from '../lib/store.ts';
import { Entity, Service } from './electrodb.ts';
import { auditRecord, customerLink, rateCounter } from './entities.ts';
import { GSI1, GSI2, GSI3, primary, SERVICE, secondary, ttl, version } from './keys.ts';

const readOnlyString = { type: 'string', required: true, readOnly: true } as const;
const requiredString = { type: 'string', required: true } as const;

export const customer = new Entity({
  model: { entity: 'customer', version: '1', service: SERVICE },
  attributes: {
    customerId: readOnlyString,
    companyId: readOnlyString,
    name: requiredString,
    notes: { type: 'string' },
    /** E.164, for calling the customer; never texted (SMS goes to staff and contract contacts only). */
    phone: { type: 'string' },
    email: { type: 'string' },
    address: { type: 'string' },
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: primary(['customerId'], []),
    byCompany: secondary(GSI1, ['companyId'], ['customerId']),
  },
});

export const contract = new Entity({
  model: { entity: 'contract', version: '1', service: SERVICE },
  attributes: {
    contractId: readOnlyString,
    companyId: readOnlyString,
    customerId: readOnlyString,
    /** The customer's name, copied; renaming the customer rewrites it in the same transaction. */
    customerName: requiredString,
    name: requiredString,
    serviceLevel: { type: ['A', 'B', 'C'] as const, required: true },
    timeZone: requiredString,
    startsOn: requiredString,
    endsOn: requiredString,
    notes: { type: 'string' },
    /** SLA policy versions (shared/sla SlaPolicy[]), append-only: a ticket keeps the one in force. */
    policies: { type: 'any', required: true },
    /** Escalation tiers 1..3 → contact ids and staff ids. */
    escalation: { type: 'any', required: true },
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: primary(['contractId'], []),
    byCompany: secondary(GSI1, ['companyId'], ['contractId']),
    byCustomer: secondary(GSI2, ['customerId'], ['contractId']),
  },
});

export const site = new Entity({
  model: { entity: 'site', version: '1', service: SERVICE },
  attributes: {
    siteId: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    name: requiredString,
    address: requiredString,
    lat: { type: 'number', required: true },
    lng: { type: 'number', required: true },
    checkInRadiusM: { type: 'number', required: true },
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: primary(['siteId'], []),
    byContract: secondary(GSI1, ['contractId'], ['siteId']),
  },
});

export const contact = new Entity({
  model: { entity: 'contact', version: '1', service: SERVICE },
  attributes: {
    contactId: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    name: requiredString,
    /** E.164; SMS may go here (functions/sms/recipient.ts) because the desk entered it. */
    phone: requiredString,
    role: requiredString,
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: primary(['contactId'], []),
    byContract: secondary(GSI1, ['contractId'], ['contactId']),
  },
});

export const device = new Entity({
  model: { entity: 'device', version: '1', service: SERVICE },
  attributes: {
    deviceId: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    siteId: requiredString,
    category: requiredString,
    model: requiredString,
    serial: { type: 'string' },
    serviceStart: requiredString,
    serviceEnd: requiredString,
    notes: { type: 'string' },
    /** SHA-256 of the live QR token, to revoke it when a new label is issued. */
    qrTokenHash: { type: 'string' },
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: primary(['deviceId'], []),
    /** Devices of a contract, grouped by site (`begins_with` a site id for one site). */
    byContract: secondary(GSI1, ['contractId'], ['siteId', 'deviceId']),
  },
});

/** A device's QR label token, by its SHA-256: opens the intake form for that device. Revocable. */
export const deviceQr = new Entity({
  model: { entity: 'deviceQr', version: '1', service: SERVICE },
  attributes: {
    tokenHash: readOnlyString,
    qrId: readOnlyString,
    deviceId: readOnlyString,
    contractId: readOnlyString,
    companyId: readOnlyString,
    createdAt: readOnlyString,
    revokedAt: { type: 'string' },
    version,
  },
  indexes: {
    byHash: primary(['tokenHash'], []),
  },
});

/**
 * A ticket. Sort orders are attributes of their own so that the sparse indexes hold only what they
 * should: `board` holds tickets that are not closed (by `boardOrder`, `breachAt#ticketId`), `byEngineer`
 * those that are also assigned.
 */
export const ticket = new Entity({
  model: { entity: 'ticket', version: '1', service: SERVICE },
  attributes: {
    ticketId: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    contractName: requiredString,
    serviceLevel: { type: ['A', 'B', 'C'] as const, required: true },
    timeZone: requiredString,
    deviceId: readOnlyString,
    /** category, model, serial as reported. */
    device: { type: 'any', required: true },
    siteId: { type: 'string' },
    number: readOnlyString,
    state: { type: TICKET_STATES, required: true },
    paused: { type: 'boolean', required: true },
    level: { type: 'number', required: true },
    proposedLevel: { type: 'number', required: true, readOnly: true },
    description: readOnlyString,
    answers: { type: 'any', required: true, readOnly: true },
    /** Typed in the public form; shown to the desk, never texted. */
    reporterName: readOnlyString,
    reporterPhone: readOnlyString,
    language: { type: 'string' },
    /** The SLA policy version in force at the report, kept whole. */
    policy: { type: 'any', required: true, readOnly: true },
    reportedAt: readOnlyString,
    acceptedAt: requiredString,
    arrivalDueAt: { type: 'string' },
    resolutionDueAt: { type: 'string' },
    resolutionWarningAt: { type: 'string' },
    nextWakeAt: { type: 'string' },
    breachAt: { type: 'string' },
    escalated: { type: 'boolean', required: true },
    tier: { type: 'number', required: true },
    assignedEngineerId: { type: 'string' },
    assignedEngineerName: { type: 'string' },
    boardOrder: { type: 'string' },
    engineerOrder: { type: 'string' },
    createdAt: readOnlyString,
    updatedAt: requiredString,
    version,
  },
  indexes: {
    byId: { ...primary(['ticketId'], []), collection: 'timeline' },
    /** The desk's board: a company's tickets that are not closed, soonest breach first (sparse). */
    board: {
      ...secondary(GSI1, ['companyId'], ['boardOrder']),
      condition: (attrs: Record<string, unknown>) => attrs.state !== 'closed',
    },
    /** Tickets of a contract, newest report last. */
    byContract: secondary(GSI2, ['contractId'], ['reportedAt', 'ticketId']),
    /** Open tickets assigned to an engineer, soonest breach first (sparse). */
    byEngineer: {
      ...secondary(GSI3, ['assignedEngineerId'], ['engineerOrder']),
      condition: (attrs: Record<string, unknown>) =>
        attrs.state !== 'closed' && attrs.assignedEngineerId !== undefined,
    },
  },
});

/** One event of a ticket's timeline, in the ticket's partition; never changed once written, but for the void mark below. */
export const ticketEvent = new Entity({
  model: { entity: 'ticketEvent', version: '1', service: SERVICE },
  attributes: {
    ticketId: readOnlyString,
    /** The ticket's version after this event, zero-padded: the order and a guard against doubles. */
    seq: readOnlyString,
    companyId: readOnlyString,
    contractId: readOnlyString,
    type: readOnlyString,
    at: readOnlyString,
    actorKind: { type: ['staff', 'link', 'system'] as const, required: true, readOnly: true },
    actorId: readOnlyString,
    reason: { type: 'string', readOnly: true },
    data: { type: 'any', readOnly: true },
    /**
     * Field events (functions/field/): `at` is the time the clocks use; these say how it was found —
     * the phone's own time, the server's receipt, the phone's measured clock offset, and whether `at`
     * differs from the phone's time (shared/field/time.ts).
     */
    recordedAt: { type: 'string', readOnly: true },
    receivedAt: { type: 'string', readOnly: true },
    clockOffsetMs: { type: 'number', readOnly: true },
    corrected: { type: 'boolean', readOnly: true },
    /**
     * The one change an event may see: a timer firing that a late field event showed void (the fault
     * was in fact resolved / checked in before that deadline) is kept and marked, in the same
     * transaction as the late event.
     */
    voidAt: { type: 'string' },
    voidReason: { type: 'string' },
  },
  indexes: {
    byTicket: { ...primary(['ticketId'], ['seq']), collection: 'timeline' },
  },
});

/** Number of partitions of the wake-up index, so that no single partition takes every timer. */
export const WAKE_SHARDS = 4;

/**
 * A ticket's next timer wake-up, in the ticket's partition: present only while the ticket has one,
 * which makes `byNextWake` sparse. Written in the same transaction as the ticket.
 */
export const ticketWake = new Entity({
  model: { entity: 'ticketWake', version: '1', service: SERVICE },
  attributes: {
    ticketId: readOnlyString,
    wakeShard: readOnlyString,
    nextWakeAt: requiredString,
    companyId: readOnlyString,
  },
  indexes: {
    byTicket: primary(['ticketId'], []),
    byNextWake: secondary(GSI1, ['wakeShard'], ['nextWakeAt', 'ticketId']),
  },
});

/** The per-company, per-year sequence of ticket numbers: one atomic ADD per ticket. */
export const ticketCounter = new Entity({
  model: { entity: 'ticketCounter', version: '1', service: SERVICE },
  attributes: {
    companyId: readOnlyString,
    year: { type: 'number', required: true, readOnly: true },
    seq: { type: 'number', required: true, default: 0 },
  },
  indexes: {
    byYear: primary(['companyId', 'year'], []),
  },
});

/** A report already made through one link with one idempotency key: the ticket it made. */
export const intakeRequest = new Entity({
  model: { entity: 'intakeRequest', version: '1', service: SERVICE },
  attributes: {
    scopeId: readOnlyString,
    idempotencyKey: readOnlyString,
    ticketId: readOnlyString,
    createdAt: readOnlyString,
    expiresAt: ttl,
  },
  indexes: {
    byKey: primary(['scopeId', 'idempotencyKey'], []),
  },
});

export const desk = new Service(
  {
    customer,
    contract,
    site,
    contact,
    device,
    deviceQr,
    ticket,
    ticketEvent,
    ticketWake,
    ticketCounter,
    intakeRequest,
    customerLink,
    auditRecord,
    rateCounter,
  },
  { table: tableName, client: documents },
);

export type CustomerItem = EntityItem<typeof customer>;
export type ContractItem = EntityItem<typeof contract>;
export type SiteItem = EntityItem<typeof site>;
export type ContactItem = EntityItem<typeof contact>;
export type DeviceItem = EntityItem<typeof device>;
export type DeviceQrItem = EntityItem<typeof deviceQr>;
export type TicketItem = EntityItem<typeof ticket>;
export type TicketEventItem = EntityItem<typeof ticketEvent>;
