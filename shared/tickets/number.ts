/**
 * Readable ticket numbers: `SC-YYYY-NNNNNN`, the year of the report in the contract's zone and a
 * per-company sequence of that year (an atomic counter in the store). Six digits at least; the
 * sequence widens past 999999 instead of wrapping.
 */
export const TICKET_NUMBER_PATTERN = /^SC-(\d{4})-(\d{6,})$/;

export function formatTicketNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence ${sequence}`);
  return `SC-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseTicketNumber(number: string): { year: number; sequence: number } | undefined {
  const match = TICKET_NUMBER_PATTERN.exec(number);
  if (match === null) return undefined;
  return { year: Number(match[1]), sequence: Number(match[2]) };
}
