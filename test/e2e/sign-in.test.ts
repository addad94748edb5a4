/**
 * Signing in as a person does it on the local stack: phone number, the code from the SMS outbox, the
 * desk. The session then survives a reload and a reload offline, shows in a second tab, and sign-out
 * ends it on the server.
 * Code requests are few on purpose: the stack limits them per number (one a minute) and per address.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl, outbox } from './support.ts';

const chromiumPath = inject('chromiumPath');
const adminPhone = inject('adminPhone');

const phone = { viewport: { width: 390, height: 844 } };

/** Every SMS texted to `to`. */
async function outboxTo(to: string) {
  return (await outbox()).filter((m) => m.to === to);
}

/** The code of the newest SMS to `to` that was not in `seen`. */
async function newCodeFor(to: string, seen: Set<string>): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const fresh = (await outboxTo(to)).find((m) => !seen.has(m.messageId));
      code = fresh?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code as string;
}

/** The refresh token the app keeps on the device, read the way the app stores it. */
function storedRefreshToken(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('sitecall-session');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('session').objectStore('session').get('current');
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve((read.result as { refreshToken?: string } | undefined)?.refreshToken ?? null);
          };
        };
      }),
  );
}

describe.skipIf(chromiumPath === '')('sign-in in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with the code from the outbox, stays signed in offline, and signs out for good', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.getByRole('heading', { name: '登录' }).waitFor();

    const seen = new Set((await outboxTo(adminPhone)).map((m) => m.messageId));
    await page.getByLabel('手机号').pressSequentially('138 0013 8000');
    await page.getByRole('button', { name: '获取验证码' }).click();

    const codeInput = page.getByLabel('6 位验证码');
    await codeInput.waitFor();
    expect(await page.getByTestId('signin-phone-shown').textContent()).toBe('138 0013 8000');
    // The input has focus, so the person can type the code at once.
    expect(await codeInput.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByTestId('signin-resend').isDisabled()).toBe(true);
    expect(await page.getByTestId('signin-resend').textContent()).toMatch(/\d+ 秒后可重新发送/);
    const code = await newCodeFor(adminPhone, seen);
    // A second tab of the app, open on the home page, follows the sign-in and the sign-out.
    const otherTab = await context.newPage();
    await otherTab.goto(baseUrl);
    await otherTab.getByTestId('header-sign-in').waitFor();

    const wrong = code.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    await codeInput.fill(wrong);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const error = page.getByRole('alert').filter({ hasText: '验证码不正确或已过期' });
    await error.waitFor();
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');

    await codeInput.fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${baseUrl}/desk`);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('王管理');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('管理员');
    expect(await page.getByTestId('header-account-name').textContent()).toContain('王管理');
    await expect.poll(() => otherTab.getByTestId('header-account-name').textContent()).toContain('王管理');

    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('王管理');

    // Offline, the service worker serves the shell and the session comes from IndexedDB.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('王管理');
    await context.setOffline(false);

    const refreshToken = await storedRefreshToken(page);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await page.getByTestId('page-sign-out').click();
    const dialog = page.getByRole('dialog', { name: '确定退出登录？' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(`${baseUrl}/signin`);
    await page.getByLabel('手机号').waitFor();
    expect(await page.getByTestId('header-account-name').count()).toBe(0);
    await otherTab.getByTestId('header-sign-in').waitFor();
    expect(await storedRefreshToken(page)).toBeNull();

    const res = await fetch(`${baseUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(res.status).toBe(401);

    // Signed out, the desk sends the person to sign in and back.
    await page.goto(`${baseUrl}/desk`);
    await page.waitForURL(`${baseUrl}/signin?next=%2Fdesk`);
    await page.goto(baseUrl);
    await page.getByTestId('header-sign-in').waitFor();
    await page.getByTestId('home-sign-in').waitFor();
    await context.close();
  });

  it('speaks English to an English browser, with the server’s own message for a bad number', async () => {
    const context = await browser.newContext({ locale: 'en-US', ...phone });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    const phoneInput = page.getByLabel('Mobile number');
    expect(await phoneInput.getAttribute('autocomplete')).toBe('tel');
    await phoneInput.pressSequentially('12345');
    await page.getByRole('button', { name: 'Send code' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    // Refused by the server (400), in the language the page asked for, next to the field.
    expect(await refused.textContent()).toMatch(/[a-z]/i);
    expect(await refused.textContent()).not.toMatch(/^phone/);
    expect(await phoneInput.getAttribute('aria-invalid')).toBe('true');

    // Written the international way this time; the code is never used, so a wrong one is refused.
    await phoneInput.fill('+86 138 0013 8000');
    await page.getByRole('button', { name: 'Send code' }).click();
    const codeInput = page.getByLabel('6-digit code');
    await codeInput.waitFor();
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    expect(await page.getByTestId('signin-resend').textContent()).toMatch(/New code in \d+ s/);

    await codeInput.fill('000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is wrong or has expired' }).waitFor();

    await page.getByRole('button', { name: 'Change number' }).click();
    await expect.poll(() => phoneInput.inputValue()).toBe('+86 138 0013 8000');
    expect(await phoneInput.evaluate((el) => el === document.activeElement)).toBe(true);
    await context.close();
  });
});
