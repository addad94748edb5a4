/**
 * What every benchmark returns and how results are written. A benchmark measures Sitecall and,
 * in the same run, a baseline (a floor it cannot beat), and reports ratios against targets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  metrics: Record<string, number | string>;
  baseline: Record<string, number | string>;
  ratios: Record<string, number>;
  targets: Record<string, string>;
  pass: boolean;
  /** Free text: what was measured and how, printed under the summary table. */
  notes?: string[];
}

export type Bench = () => Promise<BenchResult>;

export const RESULTS_DIR = join(import.meta.dirname, 'results');

export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Nearest-rank quantile of a sample (q in 0..1). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
