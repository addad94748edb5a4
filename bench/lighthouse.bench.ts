/**
 * lighthouse: Lighthouse 13's mobile performance score (its default: a mid-range phone, simulated slow 4G
 * and 4× CPU) of the engineer's home (`/field`, signed in, with an assigned ticket), median of 3, against the
 * home page `/` measured the same way in the same browser. The engineer's phone is an installed app: its
 * session, service worker and data are kept between runs (`disableStorageReset`), for both pages alike.
 * Chromium from CHROME_PATH (default /usr/bin/chromium). Target: ≥ 95.
 *
 * The notes give each run's blocking time and the long tasks that made it: those of Lighthouse's simulation
 * (4× the observed main-thread time) ending after the first paint, with their start, length, the script
 * Lighthouse charges them to and the part over 50 ms that counts. LIGHTHOUSE_LHR_DIR=<folder> also keeps
 * each run's report and trace there (field-1.json, field-1.trace.json, …) for a closer look.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../test/support/chromium.ts';
import { type BenchResult, median, round } from './harness.ts';
import { fieldStage, putSession } from './offline-drain-stack.ts';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const TARGET = 95;
const DEBUG_PORT = 9333;
const LHR_DIR = process.env.LIGHTHOUSE_LHR_DIR;

interface LongTask {
  url: string;
  startMs: number;
  durationMs: number;
  /** The part counted in the blocking time: over 50 ms, between first paint and interactive. */
  blockingMs: number;
}

/**
 * The long tasks of a report that end after its first paint, from the `long-tasks` audit's debug data
 * (simulated timings), longest blocking first.
 */
function longTasksOf(lhr: {
  audits: Record<string, { details?: unknown; numericValue?: number }>;
}): LongTask[] {
  const fcp = lhr.audits['first-contentful-paint']?.numericValue ?? 0;
  const interactive = lhr.audits.interactive?.numericValue ?? Number.POSITIVE_INFINITY;
  const debug = (
    lhr.audits['long-tasks']?.details as { debugData?: { urls?: string[]; tasks?: Record<string, number>[] } }
  )?.debugData;
  const urls = debug?.urls ?? [];
  return (debug?.tasks ?? [])
    .map(({ urlIndex, startTime = 0, duration = 0 }) => ({
      url: urls[urlIndex ?? -1] ?? '?',
      startMs: round(startTime, 0),
      durationMs: round(duration, 0),
      blockingMs: round(
        Math.max(0, Math.min(startTime + duration, interactive) - Math.max(startTime, fcp) - 50),
        0,
      ),
    }))
    .filter((task) => task.startMs + task.durationMs > fcp)
    .sort((a, b) => b.blockingMs - a.blockingMs);
}

const describe = (task: LongTask, origin: string) =>
  `${task.durationMs} ms at ${task.startMs} ms (${task.url.replace(origin, '') || 'page'}), ${task.blockingMs} ms blocking`;

export default async function lighthouseBench(): Promise<BenchResult> {
  const stage = await fieldStage();
  const profile = mkdtempSync(join(tmpdir(), 'sitecall-lh-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_FLAGS, `--remote-debugging-port=${DEBUG_PORT}`],
    viewport: { width: 412, height: 823 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${stage.url}/`);
    await putSession(page, stage.engineer);
    await page.goto(`${stage.url}/field`);
    await page.getByTestId('ticket-card').first().waitFor({ timeout: 30_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto('about:blank');

    if (LHR_DIR !== undefined) mkdirSync(LHR_DIR, { recursive: true });
    const score = async (path: string, run: number) => {
      const result = await lighthouse(`${stage.url}${path}`, {
        port: DEBUG_PORT,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        disableStorageReset: true,
      });
      const lhr = result?.lhr;
      const value = lhr?.categories.performance?.score;
      if (lhr === undefined || typeof value !== 'number') throw new Error(`no performance score for ${path}`);
      if (LHR_DIR !== undefined) {
        const file = join(LHR_DIR, `${path === '/' ? 'home' : 'field'}-${run}`);
        writeFileSync(`${file}.json`, JSON.stringify(lhr));
        writeFileSync(`${file}.trace.json`, JSON.stringify(result?.artifacts.Trace ?? null));
      }
      const metric = (id: string) => round((lhr.audits[id]?.numericValue ?? Number.NaN) as number, 0);
      return {
        score: value * 100,
        fcp: metric('first-contentful-paint'),
        lcp: metric('largest-contentful-paint'),
        tbt: metric('total-blocking-time'),
        longTasks: longTasksOf(lhr),
      };
    };
    const [loadBefore = 0] = loadavg();
    const field: Awaited<ReturnType<typeof score>>[] = [];
    const home: Awaited<ReturnType<typeof score>>[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      field.push(await score('/field', i + 1));
      home.push(await score('/', i + 1));
    }
    const fieldScore = median(field.map((r) => r.score));
    const homeScore = median(home.map((r) => r.score));
    return {
      name: 'lighthouse',
      metrics: {
        'field.performance': fieldScore,
        'field.lcpMs': median(field.map((r) => r.lcp)),
        'field.tbtMs': median(field.map((r) => r.tbt)),
      },
      baseline: { 'home.performance': homeScore, 'home.lcpMs': median(home.map((r) => r.lcp)) },
      ratios: { 'field.performance': round(fieldScore / homeScore, 3) },
      targets: { 'field.performance': `≥ ${TARGET}` },
      pass: fieldScore >= TARGET,
      notes: [
        `field scores: ${field.map((r) => r.score).join(', ')}; home scores: ${home.map((r) => r.score).join(', ')}`,
        `field FCP ${field.map((r) => r.fcp).join('/')} ms, LCP ${field.map((r) => r.lcp).join('/')} ms`,
        `field TBT ${field.map((r) => r.tbt).join('/')} ms; home TBT ${home.map((r) => r.tbt).join('/')} ms`,
        `load average (1 min) ${loadBefore.toFixed(2)} before the runs, ${(loadavg()[0] ?? 0).toFixed(2)} after`,
        ...field.flatMap((r, i) => [
          `field run ${i + 1}: ${r.longTasks.length} long task(s) ending after the first paint`,
          ...r.longTasks.slice(0, 6).map((task) => `  ${describe(task, stage.url)}`),
        ]),
      ],
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await stage.stop();
  }
}
