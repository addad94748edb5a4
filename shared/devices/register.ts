/**
 * The CSV device register, row by row: the plan's columns `category,model,quantity,unit,notes,
 * service_months` plus `serial` and `site`. Parsing the CSV text is the caller's (a CSV library);
 * this checks each record and expands it into devices.
 *
 * - `serial` empty: `quantity` devices without a serial. `serial` a list separated by `;` or `|`: one
 *   device per serial, and the list's length must equal `quantity`.
 * - `site`: a site of the contract by name or id; may be empty when the contract has exactly one site.
 * - the service period starts on the given date and lasts `service_months` months (last day inclusive).
 *
 * Every bad row is reported with its line; the caller writes nothing if any row is bad.
 */
import * as z from 'zod';
import { type Lang, validate } from '../auth/validation.ts';
import { DeviceCategorySchema, type ImportError } from './schemas.ts';

export const REGISTER_COLUMNS = [
  'category',
  'model',
  'quantity',
  'unit',
  'notes',
  'service_months',
  'serial',
  'site',
] as const;
export const REQUIRED_COLUMNS = ['category', 'model', 'quantity', 'service_months'] as const;

/** Devices created by one import at most (the request is 64 KB at most anyway). */
export const MAX_IMPORTED_DEVICES = 1000;

const Count = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}$/)
    .transform(Number)
    .pipe(z.int().min(1).max(max));

const RegisterRowSchema = z.object({
  category: z.string().trim().pipe(DeviceCategorySchema),
  model: z.string().trim().min(1).max(100),
  quantity: Count(500),
  unit: z.string().trim().max(10).optional(),
  notes: z.string().trim().max(500).optional(),
  service_months: Count(120),
  serial: z.string().trim().max(2000).optional(),
  site: z.string().trim().max(100).optional(),
});

export interface RegisterSite {
  siteId: string;
  name: string;
}

export interface NewDeviceRow {
  line: number;
  category: z.infer<typeof DeviceCategorySchema>;
  model: string;
  serial: string | undefined;
  siteId: string;
  serviceStart: string;
  serviceEnd: string;
  notes: string | undefined;
}

const MESSAGES = {
  serialCount: {
    'zh-CN': (n: number, q: number) => `serial:序列号数量 (${n}) 与数量 (${q}) 不一致`,
    en: (n: number, q: number) => `serial: ${n} serials for a quantity of ${q}`,
  },
  siteUnknown: { 'zh-CN': 'site:合同下没有这个地点', en: 'site: no such site on this contract' },
  siteNeeded: {
    'zh-CN': 'site:合同有多个地点,请填写地点',
    en: 'site: the contract has several sites; name one',
  },
  tooMany: {
    'zh-CN': `quantity:一次最多导入 ${MAX_IMPORTED_DEVICES} 台设备`,
    en: `quantity: at most ${MAX_IMPORTED_DEVICES} devices per import`,
  },
  columns: {
    'zh-CN': (c: string) => `${c}:缺少此列`,
    en: (c: string) => `${c}: the column is missing`,
  },
} as const;

/** Checks the header: the required columns, and nothing we do not know. */
export function checkColumns(header: readonly string[], lang: Lang): ImportError[] {
  return REQUIRED_COLUMNS.filter((c) => !header.includes(c)).map((c) => ({
    line: 1,
    field: c,
    message: MESSAGES.columns[lang](c),
  }));
}

/** `YYYY-MM-DD` plus whole months, minus one day: the last day of a service period. */
export function serviceEndOf(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const targetMonth = m - 1 + months;
  const lastDayOfTarget = new Date(Date.UTC(y, targetMonth + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(y, targetMonth, Math.min(d, lastDayOfTarget)) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/**
 * Checks and expands the records (objects keyed by column, as a CSV parser gives them, each with its
 * 1-based line). Answers the devices, or every error.
 */
export function expandRegister(
  records: readonly { line: number; record: Record<string, string> }[],
  context: { sites: readonly RegisterSite[]; serviceStart: string; lang: Lang },
): { devices: NewDeviceRow[]; errors: ImportError[] } {
  const { sites, serviceStart, lang } = context;
  const devices: NewDeviceRow[] = [];
  const errors: ImportError[] = [];
  for (const { line, record } of records) {
    const cleaned = Object.fromEntries(
      Object.entries(record).filter(([column, value]) => value !== '' || column === 'model'),
    );
    const checked = validate(RegisterRowSchema, cleaned, lang);
    if (!checked.ok) {
      errors.push({ line, field: checked.field, message: checked.message });
      continue;
    }
    const row = checked.data;
    const serials =
      row.serial === undefined || row.serial === ''
        ? []
        : row.serial
            .split(/[;|]/)
            .map((s) => s.trim())
            .filter((s) => s !== '');
    if (serials.length > 0 && serials.length !== row.quantity) {
      errors.push({
        line,
        field: 'serial',
        message: MESSAGES.serialCount[lang](serials.length, row.quantity),
      });
      continue;
    }
    const wanted = row.site;
    const siteId =
      wanted === undefined || wanted === ''
        ? sites.length === 1
          ? sites[0]?.siteId
          : undefined
        : sites.find((s) => s.siteId === wanted || s.name === wanted)?.siteId;
    if (siteId === undefined) {
      const unnamed = wanted === undefined || wanted === '';
      errors.push({ line, field: 'site', message: MESSAGES[unnamed ? 'siteNeeded' : 'siteUnknown'][lang] });
      continue;
    }
    const serviceEnd = serviceEndOf(serviceStart, row.service_months);
    for (let i = 0; i < row.quantity; i++) {
      if (devices.length >= MAX_IMPORTED_DEVICES) {
        errors.push({ line, field: 'quantity', message: MESSAGES.tooMany[lang] });
        return { devices: [], errors };
      }
      devices.push({
        line,
        category: row.category,
        model: row.model,
        serial: serials[i],
        siteId,
        serviceStart,
        serviceEnd,
        notes: row.notes === '' ? undefined : row.notes,
      });
    }
  }
  return errors.length > 0 ? { devices: [], errors } : { devices, errors };
}
