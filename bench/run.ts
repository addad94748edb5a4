/**
 * npm run bench [-- NAME…]: runs the named benchmarks (all when none is named) one after another,
 * writes bench/results/NAME.json for each and prints a summary table. Exit code 1 when a target
 * is missed, so a script can tell.
 *
 * Each benchmark runs in a process of its own (this file again, with one name): the handlers read
 * their configuration once, at import, as in Lambda, so a second benchmark in the same process would
 * reach the first one's stopped store; and no benchmark's leftovers (timers, sockets, heap) weigh on the next.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Bench, type BenchResult, RESULTS_DIR, writeResult } from './harness.ts';

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
if (names.length === 1) {
  const [name = ''] = names;
  console.log(`\n▶ ${name}`);
  const mod = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)) as { default: Bench };
  const result = await mod.default();
  const file = writeResult(result);
  results.push(result);
  console.log(`  ${result.pass ? 'PASS' : 'MISS'} → ${file}`);
  for (const note of result.notes ?? []) console.log(`  ${note}`);
} else {
  for (const name of names) {
    const file = join(RESULTS_DIR, `${name}.json`);
    rmSync(file, { force: true });
    const run = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', name], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    // Exit 1 with a result written is a missed target; no result means the benchmark failed.
    if (!existsSync(file)) {
      console.error(`  ${name} failed (exit ${run.status ?? run.signal}): no result`);
      process.exit(2);
    }
    results.push(JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
  }
}

if (process.argv.includes('--one')) process.exit(results.every((r) => r.pass) ? 0 : 1);

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
