/**
 * The duty roster page (/desk/duty) as a dispatcher meets it, in Chromium against the local stack: the
 * link on the desk's section row, an empty period, a failing answer and its retry (loading, then the
 * error), a new entry for the New Year holiday with the engineer and manager on duty, a last day before
 * the first refused in the form, and a delete that asks first (kept on "keep", gone on "delete").
 */
import { randomInt } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl, freshPhone, putOnRoster, signIn } from './support.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(chromiumPath === '')('the duty roster page in Chromium', () => {
  let browser: Browser;
  const dispatcher = { name: '钱调度', phone: freshPhone('136') };
  const suffix = String(randomInt(1000, 9999));
  const engineerName = `值班工程师 ${suffix}`;
  const managerName = `值班经理 ${suffix}`;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    await putOnRoster(dispatcher.name, dispatcher.phone, ['dispatcher']);
    await putOnRoster(engineerName, freshPhone('136'), ['engineer']);
    await putOnRoster(managerName, freshPhone('136'), ['dispatcher']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows empty, failing and loaded periods, adds an entry and deletes it only after asking', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, dispatcher.phone, '/desk/board');
    await page.getByRole('navigation', { name: '服务台' }).getByRole('link', { name: '值班' }).click();
    await page.waitForURL(`${baseUrl}/desk/duty`);
    await page.getByRole('heading', { name: '值班表' }).waitFor();

    // A period with nobody on duty.
    await page.getByTestId('duty-range-from').fill('2030-01-01');
    await page.getByTestId('duty-range-to').fill('2030-01-31');
    await page.getByTestId('duty-empty').waitFor();
    expect(await page.getByTestId('duty-empty').textContent()).toContain('没有值班安排');

    // The service failing: loading first, then the error with a retry that works once it is back.
    await page.route('**/api/desk/duty?**', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"error":{"code":"unavailable","message":"down"}}',
      });
    });
    await page.getByTestId('duty-range-to').fill('2030-02-28');
    await page.getByTestId('duty-loading').waitFor();
    await page.getByTestId('duty-error').waitFor();
    expect(await page.getByTestId('duty-error').textContent()).toContain('服务暂时没有响应');
    await page.unroute('**/api/desk/duty?**');
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('duty-empty').waitFor();

    // A new entry for the New Year holiday; a last day before the first is refused in the form.
    await page.getByTestId('duty-range-from').fill('2026-12-25');
    await page.getByTestId('duty-range-to').fill('2027-01-10');
    await page.getByTestId('duty-add').click();
    const form = page.getByTestId('duty-form');
    await form.getByLabel('开始日期').fill('2027-01-03');
    await form.getByLabel('结束日期').fill('2027-01-01');
    await form.getByLabel('值班工程师').selectOption({ label: engineerName });
    await form.getByLabel('值班经理').selectOption({ label: managerName });
    await form.getByLabel('备注(选填)').fill(`元旦 ${suffix}`);
    await page.getByTestId('duty-save').click();
    expect(await page.getByTestId('duty-to-error').textContent()).toContain('不能早于');
    await form.getByLabel('开始日期').fill('2026-12-31');
    await page.getByTestId('duty-save').click();
    await page.getByTestId('duty-notice').waitFor();
    const row = page.getByTestId('duty-row').filter({ hasText: `元旦 ${suffix}` });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('2026-12-31 – 2027-01-01');
    expect(text).toContain('全部合同');
    expect(text).toContain(engineerName);
    expect(text).toContain(managerName);

    // Delete asks first: "keep" keeps it, "delete" removes it.
    await row.getByTestId('duty-delete').click();
    const dialog = page.getByTestId('duty-confirm');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.textContent()).toContain('2026-12-31 – 2027-01-01');
    await dialog.getByRole('button', { name: '保留' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await row.isVisible()).toBe(true);
    await row.getByTestId('duty-delete').click();
    await page.getByTestId('duty-confirm-confirm').click();
    await expect
      .poll(() => page.getByTestId('duty-notice').textContent(), { timeout: 10_000 })
      .toContain('已删除');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await context.close();
  });
});
