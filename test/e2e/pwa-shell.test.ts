/**
 * The PWA shell in real Chromium against the embedded default: it renders, shows the API's health,
 * switches language, and after the first visit reloads while offline from its service worker.
 */
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl } from './support.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(chromiumPath === '')('PWA shell in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders in Chinese by default for a Chinese browser and shows the API health', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await expect.poll(() => page.getByTestId('app-title').textContent()).toContain('Sitecall');
    const health = page.getByTestId('health');
    await expect.poll(() => health.getAttribute('data-status')).toBe('ok');
    expect(await health.textContent()).toContain('服务正常');
    expect(await health.textContent()).toContain('e2e');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await context.close();
  });

  it('switches to English and remembers the choice across a reload', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByTestId('lang-switch').getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('Service OK');
    await page.reload();
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('Service OK');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await context.close();
  });

  it('reloads while offline after the first visit, and says it is offline', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    // The shell is precached once the service worker is active and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toContain('Sitecall');
    // Chromium's offline emulation cuts a reloaded document's network but leaves its navigator.onLine
    // true (the page can only say the server is unreachable); a phone without a connection says false and
    // fires `offline`: the page is told so, as the phone would tell it.
    const cdp = await context.newCDPSession(page);
    const conditions = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
    await cdp.send('Network.emulateNetworkConditions', { ...conditions, offline: true });
    await page.waitForFunction(() => !navigator.onLine);
    await expect.poll(() => page.getByTestId('health').getAttribute('data-status')).toBe('offline');
    expect(await page.getByTestId('health').textContent()).toContain('offline');

    await cdp.send('Network.emulateNetworkConditions', { ...conditions, offline: false });
    await context.setOffline(false);
    await context.close();
  });

  it('offers the web app manifest with installable icons', async () => {
    const res = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as { display: string; icons: { sizes: string; purpose?: string }[] };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });
});
