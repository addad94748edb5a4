/**
 * npm run bench [-- NAME…]: runs the named benchmarks (all when none is named) one after another,
 * writes bench/results/NAME.json for each and prints a summary table. Exit code 1 when a target
 * is missed, so a script can tell.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Bench, type BenchResult, writeResult } from './harness.ts';

const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : available;

const results: BenchResult[] = [];
for (const name of names) {
  console.log(`\n▶ ${name}`);
  const mod = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)) as { default: Bench };
  const result = await mod.default();
  const file = writeResult(result);
  results.push(result);
  console.log(`  ${result.pass ? 'PASS' : 'MISS'} → ${file}`);
  for (const note of result.notes ?? []) console.log(`  ${note}`);
}

console.log('\n| benchmark | metric | value | ratio to baseline | target | pass |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  for (const [metric, value] of Object.entries(r.metrics)) {
    const ratio = r.ratios[metric];
    console.log(
      `| ${r.name} | ${metric} | ${value} | ${ratio ?? ''} | ${r.targets[metric] ?? ''} | ${r.pass ? 'yes' : 'NO'} |`,
    );
  }
}
console.log('\nBaselines measured in the same run:');
for (const r of results) {
  console.log(
    `  ${r.name}: ${Object.entries(r.baseline)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
