/**
 * Customers, contracts (with their SLA policy versions and escalation tiers), sites, contacts and the
 * contract's intake links, as the desk reads and edits them.
 */
import * as z from 'zod';
import { IdSchema, PhoneSchema } from '../auth/schemas.ts';
import {
  InstantSchema,
  LocalDateSchema,
  ServiceLevelSchema,
  SlaPolicySchema,
  TimeZoneSchema,
} from '../sla/index.ts';
import { ExpectedVersionSchema } from '../tickets/schemas.ts';
import { PolicyOverridesSchema } from './policy-numbers.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Notes = z.string().trim().max(1000).optional();

// ── Customers ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A customer and how the desk reaches the company as a whole (its own people for escalations are the
 * contract's contacts). The phone is for calling: SMS never goes to it (functions/sms/recipient.ts).
 * An empty optional field is left out by the form; a field left out is cleared by an update.
 */
export const CustomerBodySchema = z.strictObject({
  name: Text(100),
  notes: Notes,
  phone: PhoneSchema.optional(),
  email: z.email().max(254).optional(),
  address: z.string().trim().min(1).max(300).optional(),
});
export type CustomerBody = z.infer<typeof CustomerBodySchema>;
export const CustomerUpdateBodySchema = CustomerBodySchema.extend({ expectedVersion: ExpectedVersionSchema });
export type CustomerUpdateBody = z.infer<typeof CustomerUpdateBodySchema>;

export const CustomerViewSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  notes: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export type CustomerView = z.infer<typeof CustomerViewSchema>;
export const CustomerListSchema = z.object({ customers: z.array(CustomerViewSchema) });

// ── Contracts and SLA policy versions ─────────────────────────────────────────────────────────────

export const ContractBodySchema = z.strictObject({
  customerId: IdSchema,
  name: Text(100),
  serviceLevel: ServiceLevelSchema,
  timeZone: TimeZoneSchema.default('Asia/Shanghai'),
  /** The service period of the contract (local dates); a device's default service period. */
  startsOn: LocalDateSchema,
  endsOn: LocalDateSchema,
  notes: Notes,
});
export type ContractBody = z.infer<typeof ContractBodySchema>;

/** Service level and zone change through a new policy version, not here. */
export const ContractUpdateBodySchema = z.strictObject({
  name: Text(100),
  startsOn: LocalDateSchema,
  endsOn: LocalDateSchema,
  notes: Notes,
  expectedVersion: ExpectedVersionSchema,
});
export type ContractUpdateBody = z.infer<typeof ContractUpdateBodySchema>;

/**
 * A new SLA policy version: the preset of `serviceLevel` (default: the contract's) in the contract's
 * zone, with the given numbers replaced (./policy-numbers.ts has the bounds and the checks across
 * numbers). Tickets reported before `effectiveFrom` keep their version; it may not lie in the past.
 */
export const PolicyVersionBodySchema = PolicyOverridesSchema.extend({
  effectiveFrom: InstantSchema,
  serviceLevel: ServiceLevelSchema.optional(),
  expectedVersion: ExpectedVersionSchema,
});
export type PolicyVersionBody = z.infer<typeof PolicyVersionBodySchema>;

export const EscalationTierSchema = z.strictObject({
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  contactIds: z.array(IdSchema).max(10).default([]),
  staffIds: z.array(IdSchema).max(10).default([]),
});
export type EscalationTier = z.infer<typeof EscalationTierSchema>;

/** `PUT /api/desk/contracts/:contractId/escalation`: the whole chain, tiers 1..3 at most once each. */
export const EscalationBodySchema = z.strictObject({
  tiers: z
    .array(EscalationTierSchema)
    .max(3)
    .refine((tiers) => new Set(tiers.map((t) => t.tier)).size === tiers.length, {
      message: 'each tier at most once',
    }),
  expectedVersion: ExpectedVersionSchema,
});
export type EscalationBody = z.infer<typeof EscalationBodySchema>;

export const ContractViewSchema = z.object({
  contractId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  name: z.string(),
  serviceLevel: ServiceLevelSchema,
  timeZone: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  notes: z.string().nullable(),
  policies: z.array(SlaPolicySchema),
  escalation: z.array(
    z.object({ tier: z.int(), contactIds: z.array(z.string()), staffIds: z.array(z.string()) }),
  ),
  createdAt: z.string(),
  version: z.int(),
});
export type ContractView = z.infer<typeof ContractViewSchema>;
export const ContractListSchema = z.object({ contracts: z.array(ContractViewSchema) });

// ── Sites ─────────────────────────────────────────────────────────────────────────────────────────

export const SiteBodySchema = z.strictObject({
  name: Text(100),
  address: Text(300),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** 到场 check-in counts within this distance of the site (m). */
  checkInRadiusM: z.int().min(10).max(10_000).default(300),
});
export type SiteBody = z.infer<typeof SiteBodySchema>;
export const SiteUpdateBodySchema = SiteBodySchema.extend({ expectedVersion: ExpectedVersionSchema });
export type SiteUpdateBody = z.infer<typeof SiteUpdateBodySchema>;

export const SiteViewSchema = z.object({
  siteId: z.string(),
  contractId: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  checkInRadiusM: z.int(),
  version: z.int(),
});
export type SiteView = z.infer<typeof SiteViewSchema>;
export const SiteListSchema = z.object({ sites: z.array(SiteViewSchema) });

// ── Contacts ──────────────────────────────────────────────────────────────────────────────────────

/** A person of the contract the escalation chain may text (SMS goes only to these and to staff). */
export const ContactBodySchema = z.strictObject({ name: Text(60), phone: PhoneSchema, role: Text(40) });
export type ContactBody = z.infer<typeof ContactBodySchema>;
export const ContactUpdateBodySchema = ContactBodySchema.extend({ expectedVersion: ExpectedVersionSchema });
export type ContactUpdateBody = z.infer<typeof ContactUpdateBodySchema>;

export const ContactViewSchema = z.object({
  contactId: z.string(),
  contractId: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
  version: z.int(),
});
export type ContactView = z.infer<typeof ContactViewSchema>;
export const ContactListSchema = z.object({ contacts: z.array(ContactViewSchema) });

// ── Intake links ──────────────────────────────────────────────────────────────────────────────────

export const IntakeLinkViewSchema = z.object({
  linkId: z.string(),
  contractId: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type IntakeLinkView = z.infer<typeof IntakeLinkViewSchema>;
export const IntakeLinkListSchema = z.object({ links: z.array(IntakeLinkViewSchema) });

/** `POST /api/desk/contracts/:contractId/links` → 201: the token is shown this once. */
export const IntakeLinkCreatedSchema = IntakeLinkViewSchema.extend({
  token: z.string(),
  /** The form's page path, `/r/<token>`. */
  path: z.string(),
});
export type IntakeLinkCreated = z.infer<typeof IntakeLinkCreatedSchema>;
