/**
 * The device register's CSV on the desk's side: a preview of a file before it is sent (how many rows,
 * how many devices, which required columns are missing) and the export's file name. The server checks
 * every row; this only tells the person what they are about to send. Pure.
 */
import { REQUIRED_COLUMNS } from '../../../shared/devices/register.ts';

/** The records of a CSV text: fields split on commas, quotes honoured (`""` inside quotes is `"`). */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.some((value) => value.trim() !== '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

export interface CsvPreview {
  /** Data rows, the header not counted. */
  rows: number;
  /**
   * Devices the rows would make (the sum of `quantity`), or null when a quantity cannot be read — the
   * server's report will say which.
   */
  devices: number | null;
  /** Required columns the header lacks. */
  missingColumns: string[];
}

export function previewCsv(text: string): CsvPreview {
  const [header, ...rows] = csvRecords(text);
  if (header === undefined) return { rows: 0, devices: null, missingColumns: [...REQUIRED_COLUMNS] };
  const columns = header.map((h) => h.trim().toLowerCase());
  const missingColumns = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const at = columns.indexOf('quantity');
  let devices: number | null = at < 0 ? null : 0;
  for (const row of rows) {
    const quantity = (row[at] ?? '').trim();
    if (devices === null || !/^[0-9]{1,4}$/.test(quantity)) {
      devices = null;
      continue;
    }
    devices += Number(quantity);
  }
  return { rows: rows.length, devices: rows.length === 0 ? 0 : devices, missingColumns };
}

/** `devices-<contract>-<date>.csv`, with only characters every file system takes. */
export function exportFileName(contractName: string, date: string): string {
  const safe = contractName
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `devices-${safe === '' ? 'contract' : safe}-${date}.csv`;
}
