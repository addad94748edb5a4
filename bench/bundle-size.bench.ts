/**
 * bundle-size: every Lambda bundle (minified, as deployed) against the floor, an SDK-only bundle
 * built with the same options in the same run. Target: each ≤ floor + 40 KB. The libraries floor
 * (the SDK floor plus each library the handlers use, once) is reported beside it: how much of each
 * bundle is those libraries, and how much Sitecall's own code.
 */
import { type BenchResult, round } from './harness.ts';
import { buildAll } from './lambda-bundles.ts';

const ALLOWANCE_BYTES = 40 * 1024;

export default async function bundleSize(): Promise<BenchResult> {
  const { floor, libraries, handlers } = await buildAll();
  const metrics: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const targets: Record<string, string> = {};
  const notes: string[] = [
    `floor (SDK-only): ${floor.bytes} B minified, ${floor.gzipBytes} B gzip`,
    `libraries floor (the SDK with ElectroDB, zod, libphonenumber-js and Temporal, no Sitecall code): ${libraries.bytes} B minified (+${round((libraries.bytes - floor.bytes) / 1024)} KB against the floor), ${libraries.gzipBytes} B gzip`,
  ];
  let pass = true;
  for (const b of handlers) {
    metrics[`${b.name}.bytes`] = b.bytes;
    metrics[`${b.name}.overFloorKB`] = round((b.bytes - floor.bytes) / 1024);
    metrics[`${b.name}.gzipBytes`] = b.gzipBytes;
    metrics[`${b.name}.overLibrariesKB`] = round((b.bytes - libraries.bytes) / 1024);
    ratios[`${b.name}.bytes`] = round(b.bytes / floor.bytes, 3);
    targets[`${b.name}.overFloorKB`] = '≤ 40';
    if (b.bytes > floor.bytes + ALLOWANCE_BYTES) pass = false;
    notes.push(
      `${b.name}: ${b.bytes} B (${b.bytes >= floor.bytes ? '+' : '−'}${round(Math.abs(b.bytes - floor.bytes) / 1024)} KB against the floor); largest: ${b.largestInputs
        .slice(0, 3)
        .map((i) => `${i.path.replace(/^.*node_modules\//, '')} ${round(i.bytes / 1024, 1)} KB`)
        .join(', ')}`,
    );
  }
  return {
    name: 'bundle-size',
    metrics,
    baseline: {
      'floor.bytes': floor.bytes,
      'floor.gzipBytes': floor.gzipBytes,
      'librariesFloor.bytes': libraries.bytes,
      'librariesFloor.overFloorKB': round((libraries.bytes - floor.bytes) / 1024),
    },
    ratios,
    targets,
    pass,
    notes,
  };
}
