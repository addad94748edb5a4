/**
 * The QR label sheet laid out for A4: pages of a fixed grid, so that a label never breaks across
 * pages. Pure.
 */
import { DEVICE_CATEGORIES } from '../../../shared/devices/schemas.ts';

/** 3 columns × 5 rows of 63 × 52 mm labels fit an A4 page inside 10 mm margins. */
export const LABEL_COLUMNS = 3;
export const LABEL_ROWS = 5;
export const LABELS_PER_PAGE = LABEL_COLUMNS * LABEL_ROWS;

/**
 * Devices (or their labels) in the order of the plan's table: by category as the register lists
 * them, then model, then serial (devices without a serial last), so that neighbours in the
 * register are neighbours on the sheet.
 */
export function inRegisterOrder<T extends { category: string; model: string; serial: string | null }>(
  items: readonly T[],
): T[] {
  const rank = (category: string) => {
    const at = (DEVICE_CATEGORIES as readonly string[]).indexOf(category);
    return at < 0 ? DEVICE_CATEGORIES.length : at;
  };
  return [...items].sort(
    (a, b) =>
      rank(a.category) - rank(b.category) ||
      a.model.localeCompare(b.model) ||
      (a.serial === null ? 1 : 0) - (b.serial === null ? 1 : 0) ||
      (a.serial ?? '').localeCompare(b.serial ?? '', undefined, { numeric: true }),
  );
}

/** The labels in pages of `perPage`; no labels → no pages. */
export function pagesOf<T>(labels: readonly T[], perPage: number = LABELS_PER_PAGE): T[][] {
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError('perPage must be a positive integer');
  const pages: T[][] = [];
  for (let i = 0; i < labels.length; i += perPage) pages.push(labels.slice(i, i + perPage));
  return pages;
}

/**
 * The dark modules of a QR matrix as runs along each row (x, y, width): fewer SVG elements than one
 * per module, and no gaps between neighbours when printed.
 */
export function darkRuns(matrix: readonly (readonly boolean[])[]): { x: number; y: number; width: number }[] {
  const runs: { x: number; y: number; width: number }[] = [];
  matrix.forEach((row, y) => {
    let start = -1;
    for (let x = 0; x <= row.length; x++) {
      const dark = x < row.length && row[x] === true;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push({ x: start, y, width: x - start });
        start = -1;
      }
    }
  });
  return runs;
}
