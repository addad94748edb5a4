/**
 * Builds every Lambda bundle exactly as the CDK stack does (infra/bundling.ts) plus two floors, bundled
 * with the same options: a handler that only reads DynamoDB with the SDK (the floor the targets are
 * set against), and one that also uses each library the handlers are built on once, with no Sitecall
 * code (bench/floor/libraries-only.ts).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { ESBUILD_OPTIONS, entryPath, LAMBDA_NAMES } from '../infra/bundling.ts';

export const WORK_DIR = join(import.meta.dirname, '.work');
export const FLOOR = 'floor-sdk-only';
export const LIBRARIES_FLOOR = 'floor-libraries-only';

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  /** The five largest inputs by bytes in the output, for the notes. */
  largestInputs: { path: string; bytes: number }[];
}

async function bundle(name: string, entry: string): Promise<Bundle> {
  mkdirSync(WORK_DIR, { recursive: true });
  const file = join(WORK_DIR, `${name}.mjs`);
  const result = await build({
    ...ESBUILD_OPTIONS,
    entryPoints: [entry],
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  const largestInputs = Object.entries(output?.inputs ?? {})
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return {
    name,
    file,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(readFileSync(file)).length,
    largestInputs,
  };
}

export async function buildAll(): Promise<{ floor: Bundle; libraries: Bundle; handlers: Bundle[] }> {
  const floor = await bundle(FLOOR, join(import.meta.dirname, 'floor', 'sdk-only.ts'));
  const libraries = await bundle(LIBRARIES_FLOOR, join(import.meta.dirname, 'floor', 'libraries-only.ts'));
  const handlers: Bundle[] = [];
  for (const name of LAMBDA_NAMES) handlers.push(await bundle(name, entryPath(name)));
  return { floor, libraries, handlers };
}
