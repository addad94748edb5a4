/**
 * cold-init: how long a fresh Node process takes to import each bundled handler (what a Lambda cold
 * start pays for our code), median of ≥ 15 runs, against the SDK-only floor measured the same way,
 * interleaved in the same run so machine noise hits both alike. Target: ≤ 1.25 × the floor. The
 * libraries floor (the SDK floor plus each library the handlers use, once; no Sitecall code) is
 * measured the same way and reported beside it.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { type BenchResult, median, round } from './harness.ts';
import { buildAll } from './lambda-bundles.ts';

const RUNS = 21;
const TARGET_RATIO = 1.25;

function importMillis(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, TABLE_NAME: 'bench', APP_VERSION: 'bench', AWS_REGION: 'ap-east-1' },
  });
  if (run.status !== 0) throw new Error(`import of ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
}

export default async function coldInit(): Promise<BenchResult> {
  const { floor, libraries, handlers } = await buildAll();
  const all = [floor, libraries, ...handlers];
  const samples = new Map<string, number[]>(all.map((b) => [b.name, []]));
  for (const b of all) importMillis(b.file); // warm the file cache once
  for (let i = 0; i < RUNS; i++) {
    for (const b of all) samples.get(b.name)?.push(importMillis(b.file));
  }
  const floorMs = median(samples.get(floor.name) ?? []);
  const librariesMs = median(samples.get(libraries.name) ?? []);
  const metrics: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const targets: Record<string, string> = {};
  let pass = true;
  for (const b of handlers) {
    const ms = median(samples.get(b.name) ?? []);
    metrics[`${b.name}.medianMs`] = round(ms);
    ratios[`${b.name}.medianMs`] = round(ms / floorMs, 3);
    targets[`${b.name}.medianMs`] = `≤ ${TARGET_RATIO} × floor`;
    if (ms > TARGET_RATIO * floorMs) pass = false;
  }
  return {
    name: 'cold-init',
    metrics,
    baseline: {
      'floor.medianMs': round(floorMs),
      'librariesFloor.medianMs': round(librariesMs),
      'librariesFloor.ratio': round(librariesMs / floorMs, 3),
      runs: RUNS,
      node: process.version,
    },
    ratios,
    targets,
    pass,
    notes: [
      `median import time of ${RUNS} fresh processes each, node ${process.version}; floor ${round(floorMs)} ms`,
      `libraries floor (the SDK with ElectroDB, zod, libphonenumber-js and Temporal, no Sitecall code): ${round(librariesMs)} ms = ${round(librariesMs / floorMs, 2)} × the floor`,
    ],
  };
}
