/**
 * The field API's wire contract: what the engineer's phone reads (`GET /api/field/sync`) and what it
 * sends from its offline outbox (`POST /api/field/outbox`). Imported by the server and by the PWA; every
 * body is parsed with these schemas on both sides. See docs/api.md, "Field".
 */
import * as z from 'zod';
import { IdSchema } from '../auth/schemas.ts';
import { FaultLevelSchema } from '../sla/levels.ts';
import { InstantSchema } from '../sla/time.ts';
import { TicketEventViewSchema, TicketStateSchema, TicketViewSchema } from '../tickets/schemas.ts';

/** An instant as the API writes it: UTC ISO-8601 (`…Z`). */
const Instant = z.string();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const FIELD_LANGUAGES = ['zh-CN', 'en'] as const;
/** A text in both languages of the app. */
export const LocalizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });
export type Localized = z.infer<typeof LocalizedSchema>;

// ── Limits ────────────────────────────────────────────────────────────────────────────────────────

export const OUTBOX_MAX_ITEMS = 50;
/** A larger body is answered 413 before it is parsed. */
export const OUTBOX_MAX_BODY_BYTES = 64 * 1024;
/** The signature PNG as a data URL, at most this many characters. */
export const SIGNATURE_MAX_CHARS = 48 * 1024;
/** A phone clock measured wrong by more than this at its last sync has its times corrected. */
export const CLOCK_CORRECTION_THRESHOLD_MS = 2 * 60_000;
/** Wrong confirmation codes allowed per ticket; after that, codes are refused (the customer confirms by link
 * or signature). */
export const CONFIRMATION_CODE_MAX_ATTEMPTS = 5;

// ── GET /api/field/sync ───────────────────────────────────────────────────────────────────────────

export const FieldSiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** Check-in counts as on site within this distance (m). */
  radiusM: z.number(),
});
export type FieldSite = z.infer<typeof FieldSiteSchema>;

export const FieldDeviceSchema = z.object({
  id: z.string(),
  category: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
});
export type FieldDevice = z.infer<typeof FieldDeviceSchema>;

/** The contract's contacts: the people the engineer calls. */
export const FieldContactSchema = z.object({ name: z.string(), phone: z.string(), role: z.string() });
export type FieldContact = z.infer<typeof FieldContactSchema>;

export const PositionSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** The fix's accuracy radius (m), as the browser reports it. */
  accuracyM: z.number().min(0).max(100_000),
  /** When the fix was taken (the phone's clock). */
  fixedAt: InstantSchema,
});
export type Position = z.infer<typeof PositionSchema>;

export const POSITION_ERRORS = ['denied', 'unavailable', 'timeout'] as const;
export const PositionErrorSchema = z.enum(POSITION_ERRORS);

/**
 * How a check-in's place was judged: `ok` within the site's radius plus the fix's accuracy (capped at
 * 500 m of accuracy), `beyondRadius` farther, `noPosition` without a fix. Every kind counts for the
 * arrival clock; the flag is shown on the desk.
 */
export const CheckInFlagSchema = z.enum(['ok', 'beyondRadius', 'noPosition']);
export type CheckInFlag = z.infer<typeof CheckInFlagSchema>;

/** The time the server used for a field event, and how it got it (sla-rules.md "Offline events and time"). */
export const FieldTimingSchema = z.object({
  /** The time the clocks use. */
  at: Instant,
  /** The phone's own time as sent. */
  recordedAt: Instant,
  receivedAt: Instant,
  clockOffsetMs: z.number().nullable(),
  /** `at` differs from `recordedAt` (offset corrected, capped at receipt or raised to acceptance). */
  corrected: z.boolean(),
});
export type FieldTiming = z.infer<typeof FieldTimingSchema>;

export const FieldCheckInSchema = FieldTimingSchema.extend({
  position: PositionSchema.nullable(),
  positionError: PositionErrorSchema.nullable(),
  /** Distance from the fix to the site (m, rounded), null without a fix. */
  distanceM: z.number().nullable(),
  flag: CheckInFlagSchema,
});
export type FieldCheckIn = z.infer<typeof FieldCheckInSchema>;

export const FieldConfirmationSchema = FieldTimingSchema.extend({
  /** `link`: the customer confirmed on their status page. */
  method: z.enum(['signature', 'code', 'link']),
  signerName: z.string().nullable(),
});
export type FieldConfirmation = z.infer<typeof FieldConfirmationSchema>;

export const FieldCheckOutSchema = FieldTimingSchema.extend({
  reason: z.string().nullable(),
  /** Checked out without the customer's confirmation (a reason was required). */
  flagged: z.boolean(),
});
export type FieldCheckOut = z.infer<typeof FieldCheckOutSchema>;

export const FieldTicketSchema = z.object({
  id: z.string(),
  number: z.string(),
  state: TicketStateSchema,
  paused: z.boolean(),
  faultLevel: FaultLevelSchema,
  version: z.int(),
  contractId: z.string(),
  contractName: z.string(),
  timeZone: z.string(),
  description: z.string(),
  reportedAt: Instant,
  /** 受理: the clocks start here. */
  acceptedAt: Instant,
  arrivalDueAt: Instant.nullable(),
  resolutionDueAt: Instant.nullable(),
  resolutionWarningAt: Instant.nullable(),
  /** The earliest pending deadline (arrival or resolution), as on the desk's board. */
  breachAt: Instant.nullable(),
  escalated: z.boolean(),
  /** When this engineer accepted the assignment (the `accept` action), null before. */
  engineerAcceptedAt: Instant.nullable(),
  site: FieldSiteSchema.nullable(),
  device: FieldDeviceSchema.nullable(),
  contacts: z.array(FieldContactSchema),
  timeline: z.array(TicketEventViewSchema),
  checkIn: FieldCheckInSchema.nullable(),
  confirmation: FieldConfirmationSchema.nullable(),
  checkOut: FieldCheckOutSchema.nullable(),
});
export type FieldTicket = z.infer<typeof FieldTicketSchema>;

export const INSPECTION_ITEM_KINDS = ['passFail', 'number', 'text', 'choice'] as const;
export const InspectionItemKindSchema = z.enum(INSPECTION_ITEM_KINDS);

export const InspectionItemSchema = z.object({
  /** Stable within a template's versions: answers are keyed by it. */
  id: z.string(),
  kind: InspectionItemKindSchema,
  label: LocalizedSchema,
  required: z.boolean(),
  /** `number`: the unit shown after the value. */
  unit: z.string().optional(),
  /** `number`: a value below `min` or above `max` fails the check. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** `choice`: the values offered; `failing` values fail the check. */
  choices: z
    .array(z.object({ value: z.string(), label: LocalizedSchema, failing: z.boolean().optional() }))
    .optional(),
});
export type InspectionItem = z.infer<typeof InspectionItemSchema>;

export const InspectionTemplateSchema = z.object({
  /** `<category>-v<version>`. */
  id: z.string(),
  category: z.string(),
  version: z.int(),
  title: LocalizedSchema,
  items: z.array(InspectionItemSchema),
});
export type InspectionTemplate = z.infer<typeof InspectionTemplateSchema>;

export const AnswerValueSchema = z.union([z.boolean(), z.number().finite(), z.string().max(2000), z.null()]);
export type AnswerValue = z.infer<typeof AnswerValueSchema>;

export const InspectionDeviceSchema = z.object({
  deviceId: z.string(),
  category: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  templateId: z.string(),
  submitted: z.boolean(),
  answers: z.record(z.string(), AnswerValueSchema),
});
export type InspectionDevice = z.infer<typeof InspectionDeviceSchema>;

export const InspectionVisitSchema = z.object({
  id: z.string(),
  contractId: z.string(),
  contractName: z.string(),
  /** `YYYY-Qn`. */
  quarter: z.string(),
  site: FieldSiteSchema,
  /** Local date `YYYY-MM-DD` in the contract's zone. */
  dueDate: z.string(),
  /** `submitted` once every device's form is submitted. */
  state: z.enum(['open', 'submitted']),
  devices: z.array(InspectionDeviceSchema),
});
export type InspectionVisit = z.infer<typeof InspectionVisitSchema>;

/** `GET /api/field/sync`. */
export const FieldSnapshotSchema = z.object({
  /** The server's clock when it answered: the phone measures its offset against it. */
  serverTime: Instant,
  engineer: z.object({ id: z.string(), name: z.string() }),
  tickets: z.array(FieldTicketSchema),
  visits: z.array(InspectionVisitSchema),
  templates: z.array(InspectionTemplateSchema),
});
export type FieldSnapshot = z.infer<typeof FieldSnapshotSchema>;

// ── POST /api/field/outbox ────────────────────────────────────────────────────────────────────────

const TicketRef = { ticketId: IdSchema };
const Serial = z.string().trim().min(1).max(100);

export const SignatureDataUrlSchema = z
  .string()
  .max(SIGNATURE_MAX_CHARS)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { message: 'expected data:image/png;base64,…' });

export const ConfirmActionSchema = z.discriminatedUnion('method', [
  z.strictObject({
    kind: z.literal('confirm'),
    ...TicketRef,
    method: z.literal('signature'),
    signerName: Text(60),
    signaturePng: SignatureDataUrlSchema,
  }),
  z.strictObject({
    kind: z.literal('confirm'),
    ...TicketRef,
    method: z.literal('code'),
    code: z.string().regex(/^\d{6}$/, { message: 'expected 6 digits' }),
  }),
]);

export const FieldActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('accept'), ...TicketRef }),
  z.strictObject({ kind: z.literal('depart'), ...TicketRef }),
  z.strictObject({
    kind: z.literal('checkIn'),
    ...TicketRef,
    position: PositionSchema.nullable(),
    positionError: PositionErrorSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('note'), ...TicketRef, text: Text(2000) }),
  z.strictObject({
    kind: z.literal('part'),
    ...TicketRef,
    description: Text(200),
    serialOut: Serial,
    serialIn: Serial,
  }),
  z.strictObject({ kind: z.literal('standby'), ...TicketRef, description: Text(200), serial: Serial }),
  z.strictObject({ kind: z.literal('resolve'), ...TicketRef, note: Text(2000).optional() }),
  z.strictObject({ kind: z.literal('checkOut'), ...TicketRef, reason: Text(500).optional() }),
  z.strictObject({
    kind: z.literal('answer'),
    visitId: IdSchema,
    deviceId: IdSchema,
    itemId: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    value: AnswerValueSchema,
  }),
  z.strictObject({ kind: z.literal('submitInspection'), visitId: IdSchema, deviceId: IdSchema }),
  ConfirmActionSchema,
]);
export type FieldAction = z.infer<typeof FieldActionSchema>;
export type FieldActionKind = FieldAction['kind'];
export const FIELD_ACTION_KINDS = [
  'accept',
  'depart',
  'checkIn',
  'note',
  'part',
  'standby',
  'resolve',
  'confirm',
  'checkOut',
  'answer',
  'submitInspection',
] as const satisfies readonly FieldActionKind[];

export const OutboxItemSchema = z.strictObject({
  /** Generated once on the phone per action; the server applies each exactly once. */
  clientId: z.uuid(),
  /** When the action happened, by the phone's clock. */
  recordedAt: InstantSchema,
  /** Phone minus server clock (ms) measured at the last sync; null when never measured. */
  clockOffsetMs: z.number().finite().min(-1e12).max(1e12).nullable(),
  action: FieldActionSchema,
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** `POST /api/field/outbox`. Items are applied in order. */
export const OutboxBodySchema = z.strictObject({
  items: z.array(OutboxItemSchema).min(1).max(OUTBOX_MAX_ITEMS),
});
export type OutboxBody = z.infer<typeof OutboxBodySchema>;

export const OUTBOX_STATUSES = ['applied', 'duplicate', 'rejected'] as const;

export const OutboxResultSchema = z.object({
  clientId: z.string(),
  /** `duplicate`: this clientId was seen before; the first result's code/field/message are repeated. */
  status: z.enum(OUTBOX_STATUSES),
  /** For `rejected` (and a duplicate of one): `not_found`, `conflict`, `invalid`, … */
  code: z.string().optional(),
  field: z.string().optional(),
  /** In the caller's language. */
  message: z.string().optional(),
});
export type OutboxResult = z.infer<typeof OutboxResultSchema>;

/** `200` answer of `POST /api/field/outbox`. */
export const OutboxResponseSchema = z.object({
  serverTime: Instant,
  results: z.array(OutboxResultSchema),
});
export type OutboxResponse = z.infer<typeof OutboxResponseSchema>;

// ── Desk: inspection visits ───────────────────────────────────────────────────────────────────────

/** `POST /api/desk/contracts/:contractId/inspection-visits`: one visit per site of the contract. */
export const CreateVisitsBodySchema = z.strictObject({
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, { message: 'expected YYYY-Qn' }),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date YYYY-MM-DD' }),
  engineerId: IdSchema,
});
export type CreateVisitsBody = z.infer<typeof CreateVisitsBodySchema>;

export const DeskVisitSchema = InspectionVisitSchema.extend({
  engineerId: z.string(),
  createdAt: Instant,
});
export type DeskVisit = z.infer<typeof DeskVisitSchema>;
export const DeskVisitListSchema = z.object({ visits: z.array(DeskVisitSchema) });

/** `GET /api/desk/devices/:deviceId/history`: the device's archive (设备档案). */
export const DeviceHistorySchema = z.object({
  deviceId: z.string(),
  /** Submitted inspection forms, oldest first. */
  inspections: z.array(
    z.object({
      visitId: z.string(),
      templateId: z.string(),
      engineerId: z.string(),
      submittedAt: Instant.nullable(),
      answers: z.record(z.string(), AnswerValueSchema),
      /** The failed checks and the fault ticket each opened. */
      failures: z.array(
        z.object({ itemId: z.string(), value: AnswerValueSchema, ticketId: z.string(), number: z.string() }),
      ),
    }),
  ),
  /** The device's fault tickets, oldest report first. */
  tickets: z.array(TicketViewSchema),
});
export type DeviceHistory = z.infer<typeof DeviceHistorySchema>;

/** `GET /api/desk/tickets/:ticketId/signatures`: the customer signatures taken on the engineer's phone. */
export const SignatureListSchema = z.object({
  signatures: z.array(
    z.object({
      /** The outbox item's client id; the `customerConfirmed` event names it as `data.signatureId`. */
      signatureId: z.string(),
      signerName: z.string(),
      /** `data:image/png;base64,…` */
      png: z.string(),
      createdAt: Instant,
    }),
  ),
});
export type SignatureList = z.infer<typeof SignatureListSchema>;
