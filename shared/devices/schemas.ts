/**
 * The device register: devices of a contract at its sites, their QR labels, and the CSV register
 * (the format of the service plan's device table plus `serial` and `site`).
 */
import * as z from 'zod';
import { IdSchema } from '../auth/schemas.ts';
import { LocalDateSchema } from '../sla/index.ts';
import { ExpectedVersionSchema } from '../tickets/schemas.ts';

/** The plan's kinds of equipment (each has its inspection template), and anything else. */
export const DEVICE_CATEGORIES = [
  'firewall',
  'minicomputer',
  'storage',
  'traffic-monitor',
  'mail-gateway',
  'switch',
  'server',
  'other',
] as const;
export const DeviceCategorySchema = z.enum(DEVICE_CATEGORIES);
export type DeviceCategory = z.infer<typeof DeviceCategorySchema>;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const DeviceBodySchema = z.strictObject({
  category: DeviceCategorySchema,
  model: Text(100),
  serial: z.string().trim().max(100).optional(),
  siteId: IdSchema,
  /** The device's service period, local dates, both inclusive. */
  serviceStart: LocalDateSchema,
  serviceEnd: LocalDateSchema,
  notes: z.string().trim().max(500).optional(),
});
export type DeviceBody = z.infer<typeof DeviceBodySchema>;
export const DeviceUpdateBodySchema = DeviceBodySchema.extend({ expectedVersion: ExpectedVersionSchema });
export type DeviceUpdateBody = z.infer<typeof DeviceUpdateBodySchema>;

export const DeviceViewSchema = z.object({
  deviceId: z.string(),
  contractId: z.string(),
  siteId: z.string(),
  category: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  serviceStart: z.string(),
  serviceEnd: z.string(),
  notes: z.string().nullable(),
  /** Whether a live QR label exists (its token is never shown again after issue). */
  hasQr: z.boolean(),
  version: z.int(),
});
export type DeviceView = z.infer<typeof DeviceViewSchema>;
export const DeviceListSchema = z.object({ devices: z.array(DeviceViewSchema) });

/** `POST …/devices/import?serviceStart=YYYY-MM-DD`: defaults to the contract's start. */
export const ImportQuerySchema = z.strictObject({ serviceStart: LocalDateSchema.optional() });

export const ImportErrorSchema = z.object({
  /** 1-based line of the CSV text (the header is line 1). */
  line: z.int(),
  field: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof ImportErrorSchema>;

/** The answer of an import: 200 with `imported` devices, or 400 with every row error and nothing written. */
export const ImportReportSchema = z.object({
  imported: z.int(),
  errors: z.array(ImportErrorSchema),
  devices: z.array(DeviceViewSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** `POST …/devices/labels`: issue a new QR token for these devices (default: all of the contract). */
export const LabelsBodySchema = z
  .strictObject({ deviceIds: z.array(IdSchema).min(1).max(500).optional() })
  .optional();
export type LabelsBody = z.infer<typeof LabelsBodySchema>;

export const LabelSheetSchema = z.object({
  labels: z.array(
    z.object({
      deviceId: z.string(),
      category: z.string(),
      model: z.string(),
      serial: z.string().nullable(),
      siteName: z.string(),
      /** The page path the QR code encodes, `/q/<token>`. Shown once: reprinting rotates the token. */
      qrPath: z.string(),
    }),
  ),
});
export type LabelSheet = z.infer<typeof LabelSheetSchema>;
