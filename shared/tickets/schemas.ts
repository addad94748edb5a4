/**
 * What crosses the network about tickets: the public intake and status page, and the desk's board,
 * ticket detail and ticket changes. Every body the API reads is parsed with one of these; every answer
 * it writes has the shape of one of these (the web client parses with the same schemas).
 */
import * as z from 'zod';
import { IdSchema, PhoneSchema } from '../auth/schemas.ts';
import { FaultLevelSchema, ServiceLevelSchema } from '../sla/levels.ts';
import { TICKET_COMMANDS, TICKET_STATES } from './lifecycle.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);

export const TicketStateSchema = z.enum(TICKET_STATES);
export const TicketCommandSchema = z.enum(TICKET_COMMANDS);

/** An instant as the API writes it: UTC ISO-8601 (`…Z`). Clients show it in `timeZone`. */
const Instant = z.string();

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A change of the desk is made against the version the desk saw; a stale one is a 409. */
export const ExpectedVersionSchema = z.int().min(1).max(1_000_000);

// ── Public: intake ────────────────────────────────────────────────────────────────────────────────

/** The answers to the intake questions (shared/tickets/levels.ts). */
export const IntakeAnswersSchema = z.strictObject({
  serviceDown: z.boolean(),
  businessInterrupted: z.boolean(),
  dataLost: z.boolean(),
  degraded: z.boolean().optional(),
});
export type IntakeAnswersBody = z.infer<typeof IntakeAnswersSchema>;

/**
 * `POST /api/public/intake`. With a contract link `deviceId` names one of the contract's devices; with
 * a device's QR token it may be left out and is forced to that device. `website` is a honeypot the
 * form hides from people: it must be absent or empty.
 */
export const IntakeBodySchema = z.strictObject({
  deviceId: IdSchema.optional(),
  description: Text(2000),
  answers: IntakeAnswersSchema,
  contactName: Text(60),
  contactPhone: PhoneSchema,
  /** A UUID the form generates once per report: a retry or a double tap makes one ticket. */
  idempotencyKey: z.uuid(),
  /** The language the customer reported in. */
  language: LanguageSchema.optional(),
  website: z.string().max(0).optional(),
});
export type IntakeBody = z.infer<typeof IntakeBodySchema>;

export const IntakeDeviceSchema = z.object({
  deviceId: z.string(),
  category: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  siteName: z.string().nullable(),
});
export type IntakeDevice = z.infer<typeof IntakeDeviceSchema>;

export const IntakeQuestionSchema = z.object({
  id: z.string(),
  proposes: FaultLevelSchema,
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

/** `GET /api/public/intake`: what the form shows. */
export const IntakeContextSchema = z.object({
  /** How the form was opened: a contract link (choose a device) or a device's QR label (fixed). */
  via: z.enum(['contractLink', 'deviceQr']),
  customerName: z.string(),
  contractName: z.string(),
  serviceLevel: ServiceLevelSchema,
  timeZone: z.string(),
  languages: z.array(LanguageSchema),
  devices: z.array(IntakeDeviceSchema),
  /** Set when the form came from a QR label: the one device, not to be changed. */
  fixedDeviceId: z.string().nullable(),
  questions: z.array(IntakeQuestionSchema),
});
export type IntakeContext = z.infer<typeof IntakeContextSchema>;

/** `POST /api/public/intake` → 201 (new) or 200 (the same report again). */
export const IntakeCreatedSchema = z.object({
  number: z.string(),
  proposedLevel: FaultLevelSchema,
  reportedAt: Instant,
  /** 受理 */
  acceptedAt: Instant,
  /** 到场 due */
  arrivalDueAt: Instant.nullable(),
  /** 解决 due */
  resolutionDueAt: Instant.nullable(),
  timeZone: z.string(),
  /** The private status link's token: shown once, stored only as a hash. A repeat gets a new one. */
  statusToken: z.string(),
  /** The page path of the status link, `/s/<token>`. */
  statusPath: z.string(),
});
export type IntakeCreated = z.infer<typeof IntakeCreatedSchema>;

// ── Public: status page ───────────────────────────────────────────────────────────────────────────

export const PublicTimelineEntrySchema = z.object({
  type: z.string(),
  at: Instant,
  faultLevel: FaultLevelSchema.optional(),
  /** On `escalated`: the level before the raise (`faultLevel` is the level after). */
  fromLevel: FaultLevelSchema.optional(),
  reason: z.string().optional(),
});

/**
 * A fault level raised automatically at a missed resolution deadline, as the customer sees it: the
 * levels and the instant only (no tiers, no one who was alerted).
 */
export const PublicLevelRaiseSchema = z.object({
  fromLevel: FaultLevelSchema,
  toLevel: FaultLevelSchema,
  at: Instant,
});
export type PublicLevelRaise = z.infer<typeof PublicLevelRaiseSchema>;

/** `GET /api/public/status` with the status link. No phone numbers, no internal ids. */
export const StatusViewSchema = z.object({
  number: z.string(),
  state: TicketStateSchema,
  paused: z.boolean(),
  level: FaultLevelSchema,
  device: z.object({ category: z.string(), model: z.string(), serial: z.string().nullable() }),
  description: z.string(),
  reportedAt: Instant,
  acceptedAt: Instant,
  arrivalDueAt: Instant.nullable(),
  resolutionDueAt: Instant.nullable(),
  timeZone: z.string(),
  engineerName: z.string().nullable(),
  /** Whether `POST /api/public/status/confirm` is open now (the repair is reported resolved). */
  canConfirm: z.boolean(),
  /**
   * While the repair is reported resolved: the 6-digit code the customer tells the engineer, who enters
   * it on the phone to record the confirmation (shared/field/schemas.ts). Null otherwise, and after too
   * many wrong entries.
   */
  confirmationCode: z.string().nullable(),
  /** Each automatic raise of the fault level (3 → 2, 2 → 1), oldest first; empty when none. */
  levelRaises: z.array(PublicLevelRaiseSchema),
  timeline: z.array(PublicTimelineEntrySchema),
});
export type StatusView = z.infer<typeof StatusViewSchema>;

/** `POST /api/public/status/confirm`: the customer confirms the repair. Body optional. */
export const ConfirmBodySchema = z.strictObject({ note: z.string().trim().max(500).optional() }).optional();
export type ConfirmBody = z.infer<typeof ConfirmBodySchema>;

// ── Desk: board and tickets ───────────────────────────────────────────────────────────────────────

export const BoardQuerySchema = z.strictObject({
  contractId: IdSchema.optional(),
  level: z.enum(['1', '2', '3']).transform(Number).pipe(FaultLevelSchema).optional(),
  state: TicketStateSchema.optional(),
  engineerId: IdSchema.optional(),
});
export type BoardQuery = z.infer<typeof BoardQuerySchema>;

export const TicketViewSchema = z.object({
  ticketId: z.string(),
  number: z.string(),
  companyId: z.string(),
  contractId: z.string(),
  contractName: z.string(),
  serviceLevel: ServiceLevelSchema,
  timeZone: z.string(),
  deviceId: z.string(),
  device: z.object({ category: z.string(), model: z.string(), serial: z.string().nullable() }),
  siteId: z.string().nullable(),
  state: TicketStateSchema,
  paused: z.boolean(),
  level: FaultLevelSchema,
  proposedLevel: FaultLevelSchema,
  description: z.string(),
  answers: IntakeAnswersSchema,
  /** Who reported, as typed in the form. Never sent an SMS. */
  reporter: z.object({ name: z.string(), phone: z.string() }),
  reportedAt: Instant,
  acceptedAt: Instant,
  arrivalDueAt: Instant.nullable(),
  resolutionDueAt: Instant.nullable(),
  resolutionWarningAt: Instant.nullable(),
  nextWakeAt: Instant.nullable(),
  /** The earliest pending deadline (arrival or resolution): the board's order. */
  breachAt: Instant.nullable(),
  escalated: z.boolean(),
  tier: z.int(),
  assignedEngineerId: z.string().nullable(),
  assignedEngineerName: z.string().nullable(),
  version: z.int(),
  /**
   * The board's marks (on `GET /api/desk/board` and the ticket detail): how many escalations the
   * timers recorded (void ones not counted), how many of the ticket's SMS failed every attempt
   * (undelivered), and the flag of the engineer's last check-in when the phone did not place it on
   * site (`beyondRadius`, `noPosition`; absent when it did, or before any check-in).
   */
  alerts: z
    .object({
      escalations: z.int().min(0),
      failedSms: z.int().min(0),
      checkIn: z.enum(['beyondRadius', 'noPosition']).optional(),
    })
    .optional(),
});
export type TicketView = z.infer<typeof TicketViewSchema>;

/** `GET /api/desk/board`: open tickets, soonest breach first. */
export const BoardSchema = z.object({ tickets: z.array(TicketViewSchema) });
export type Board = z.infer<typeof BoardSchema>;

export const TicketEventViewSchema = z.object({
  seq: z.int(),
  type: z.string(),
  at: Instant,
  actor: z.object({ kind: z.enum(['staff', 'link', 'system']), id: z.string() }),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  /**
   * Set on a timer firing (warning, escalation, alert) that the SLA engine no longer counts, with the
   * engine's reason (e.g. `resolvedBeforeDeadline`, `checkedInBeforeDeadline`, `recomputed`).
   */
  void: z.object({ reason: z.string() }).optional(),
  /**
   * On an event recorded on the engineer's phone (docs/api.md "Field"): the phone's own time, when the
   * server received it, the phone's clock offset measured at its last sync (ms, phone minus server; null
   * when never measured) and whether `at` differs from `recordedAt`. `data.corrections` says how.
   */
  timing: z
    .object({
      recordedAt: Instant,
      receivedAt: Instant,
      clockOffsetMs: z.number().nullable(),
      corrected: z.boolean(),
    })
    .optional(),
});
export type TicketEventView = z.infer<typeof TicketEventViewSchema>;

/**
 * One SMS of a timer firing to one person, as the desk sees it. The phone is always masked
 * (`+86139****5678`): the full number is on the contract's or the roster's page.
 */
export const TicketNotificationViewSchema = z.object({
  /** The key of the firing it belongs to: `data.firing` of its timeline event. */
  firing: z.string(),
  recipient: z.object({
    kind: z.enum(['staff', 'contact']),
    id: z.string(),
    /** As on the roster or the contract's contact list now; null when it is no longer there. */
    name: z.string().nullable(),
    phone: z.string(),
  }),
  tier: z.int(),
  channel: z.string(),
  template: z.string(),
  /**
   * `sending`, `sent`, `failed` (the next attempt is due at `nextAttemptAt`) or `undelivered` (every
   * attempt failed; `fallbackTier` was alerted instead, 0 when there was no tier above). A client shows
   * a status it does not know as it is.
   */
  status: z.string(),
  attempts: z.int(),
  nextAttemptAt: Instant.nullable(),
  fallbackTier: z.int().nullable(),
  /** Set on a next-tier alert: it stands in for an undelivered text of the same firing. */
  standsIn: z.boolean(),
  providerMessageId: z.string().nullable(),
  /** The provider's error name of the last failed attempt. */
  error: z.string().nullable(),
  createdAt: Instant,
  /** The last change of the status. */
  at: Instant,
  /** An escalation's missed target, local time in the contract's zone (`2026-11-20 10:00`). */
  missedTargetLocal: z.string().nullable(),
});
export type TicketNotificationView = z.infer<typeof TicketNotificationViewSchema>;

/** `GET /api/desk/tickets/:ticketId` and the answer of every ticket change. */
export const TicketDetailSchema = z.object({
  ticket: TicketViewSchema,
  timeline: z.array(TicketEventViewSchema),
  /** The SMS of the ticket's timer firings, oldest first. */
  notifications: z.array(TicketNotificationViewSchema),
});
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const AssignBodySchema = z.strictObject({
  engineerId: IdSchema,
  expectedVersion: ExpectedVersionSchema,
});
export type AssignBody = z.infer<typeof AssignBodySchema>;

/** Triage: confirm the proposed level or change it; a reason always. */
export const LevelBodySchema = z.strictObject({
  faultLevel: FaultLevelSchema,
  reason: Text(500),
  expectedVersion: ExpectedVersionSchema,
});
export type LevelBody = z.infer<typeof LevelBodySchema>;

export const ReasonBodySchema = z.strictObject({ reason: Text(500), expectedVersion: ExpectedVersionSchema });
export type ReasonBody = z.infer<typeof ReasonBodySchema>;
export const PauseBodySchema = ReasonBodySchema;
export const ResumeBodySchema = ReasonBodySchema;
export const CloseBodySchema = ReasonBodySchema;

export const StaffQuerySchema = z.strictObject({
  role: z.enum(['engineer', 'dispatcher', 'supervisor', 'admin']).optional(),
});
export const StaffListSchema = z.object({
  staff: z.array(
    z.object({ staffId: z.string(), name: z.string(), roles: z.array(z.string()), active: z.boolean() }),
  ),
});
