/**
 * lighthouse: Lighthouse 13's mobile performance score (its default: a mid-range phone, simulated slow 4G
 * and 4× CPU) of the engineer's home (`/field`, signed in, with an assigned ticket), median of 3, against the
 * home page `/` measured the same way in the same browser. The engineer's phone is an installed app: its
 * session, service worker and data are kept between runs (`disableStorageReset`), for both pages alike.
 * Chromium from CHROME_PATH (default /usr/bin/chromium). Target: ≥ 95.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../test/support/chromium.ts';
import { type BenchResult, median, round } from './harness.ts';
import { fieldStage, putSession } from './offline-drain-stack.ts';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const TARGET = 95;
const DEBUG_PORT = 9333;

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

    const score = async (path: string) => {
      const result = await lighthouse(`${stage.url}${path}`, {
        port: DEBUG_PORT,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        disableStorageReset: true,
      });
      const lhr = result?.lhr;
      const value = lhr?.categories.performance?.score;
      if (typeof value !== 'number') throw new Error(`no performance score for ${path}`);
      const metric = (id: string) => round((lhr?.audits[id]?.numericValue ?? Number.NaN) as number, 0);
      return {
        score: value * 100,
        fcp: metric('first-contentful-paint'),
        lcp: metric('largest-contentful-paint'),
        tbt: metric('total-blocking-time'),
      };
    };
    const field: Awaited<ReturnType<typeof score>>[] = [];
    const home: Awaited<ReturnType<typeof score>>[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      field.push(await score('/field'));
      home.push(await score('/'));
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
      ],
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await stage.stop();
  }
}
