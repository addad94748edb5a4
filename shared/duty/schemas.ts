/**
 * The duty roster (值班): for a range of local dates — holidays, key events — the on-duty engineer and
 * manager who stand for tiers 1 and 2 of escalation texts (docs/timers.md "Duty roster"). Dates are
 * calendar days in the contract's time zone, both ends included.
 */
import * as z from 'zod';
import { IdSchema } from '../auth/schemas.ts';

/** A calendar day, `2026-10-01`. */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  );

export const DUTY_NOTE_MAX = 200;

const dutyFields = {
  from: LocalDateSchema,
  to: LocalDateSchema,
  /** Absent: every contract of the company. */
  contractId: IdSchema.optional(),
  /** Staff id of the on-duty engineer: tier 1 while a ticket is unassigned. */
  engineerId: IdSchema,
  /** Staff id of the on-duty manager: tier 2. */
  managerId: IdSchema,
  note: z.string().trim().max(DUTY_NOTE_MAX).default(''),
};

/** `POST /api/desk/duty`. */
export const DutyCreateBodySchema = z.strictObject(dutyFields);
export type DutyCreateBody = z.infer<typeof DutyCreateBodySchema>;

/** `PUT /api/desk/duty/:dutyId`: the whole entry as it should be, and the version it was read at. */
export const DutyUpdateBodySchema = z.strictObject({
  ...dutyFields,
  expectedVersion: z.number().int().min(1),
});
export type DutyUpdateBody = z.infer<typeof DutyUpdateBodySchema>;

/** `DELETE /api/desk/duty/:dutyId?expectedVersion=n`. */
export const DutyDeleteQuerySchema = z.strictObject({ expectedVersion: z.coerce.number().int().min(1) });

/** `GET /api/desk/duty?from=&to=`: entries overlapping the range (both optional). */
export const DutyListQuerySchema = z.strictObject({
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});

export interface DutyView {
  dutyId: string;
  from: string;
  to: string;
  contractId: string | null;
  contractName: string | null;
  engineerId: string;
  engineerName: string | null;
  managerId: string;
  managerName: string | null;
  note: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const DutyViewSchema = z.object({
  dutyId: z.string(),
  from: z.string(),
  to: z.string(),
  contractId: z.string().nullable(),
  contractName: z.string().nullable(),
  engineerId: z.string(),
  engineerName: z.string().nullable(),
  managerId: z.string(),
  managerName: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
}) satisfies z.ZodType<DutyView>;

export const DutyListSchema = z.object({ entries: z.array(DutyViewSchema) });
