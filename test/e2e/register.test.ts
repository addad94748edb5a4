import { readFile } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl, DESK_VIEWPORT, freshPhone, putOnRoster, signIn } from './support.ts';

const chromiumPath = inject('chromiumPath');

const FIXTURES = new URL('../../web/src/register/fixtures/', import.meta.url);

describe.skipIf(chromiumPath === '')('contracts and the device register in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  const dispatcher = { name: '孙调度', phone: freshPhone('137') };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    await putOnRoster(dispatcher.name, dispatcher.phone, 'dispatcher');
    desk = await browser.newContext({ locale: 'zh-CN', viewport: DESK_VIEWPORT, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes a contract, imports the register all or nothing, exports it and prints a QR label per device', async () => {
    const page = await desk.newPage();
    await signIn(page, dispatcher.phone, '/desk/contracts');
    await page.getByRole('heading', { name: '合同', exact: true }).waitFor();

    // A new customer and contract, from the desk's form.
    await page.getByRole('button', { name: '新建合同' }).click();
    const form = page.getByTestId('contract-form');
    await form.getByLabel('新客户名称').fill('华南数据中心');
    await form.getByLabel('合同名称').fill('2026 年度设备维保');
    await form.getByLabel('服务等级').selectOption('B');
    await form.getByLabel('服务开始日期').fill('2026-01-01');
    await form.getByLabel('服务结束日期').fill('2026-12-31');
    await form.getByRole('button', { name: '创建合同' }).click();
    await page.waitForURL(/\/desk\/contracts\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => page.getByTestId('contract-title').textContent()).toBe('2026 年度设备维保');
    const contractPath = new URL(page.url()).pathname;

    // Its one site.
    await page.getByRole('link', { name: '地点', exact: true }).click();
    await page.getByRole('button', { name: '新增地点' }).click();
    const site = page.getByTestId('site-form');
    await site.getByLabel('地点名称').fill('一号机房');
    await site.getByLabel('地址').fill('广州市天河区科韵路 16 号');
    await site.getByLabel('纬度').fill('23.1291');
    await site.getByLabel('经度').fill('113.2644');
    await site.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('site-row').count()).toBe(1);

    // A register with one bad row first: reported by line, nothing imported.
    await page.getByRole('link', { name: '设备台账' }).click();
    await page.waitForURL(`${baseUrl}${contractPath}/devices`);
    await page.getByTestId('devices-empty').waitFor();
    await page.getByRole('button', { name: '导入 CSV' }).click();
    await page.getByLabel('选择 CSV 文件').setInputFiles(new URL('devices.bad.csv', FIXTURES).pathname);
    await expect.poll(() => page.getByTestId('import-preview').textContent()).toContain('共 6 行');
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('没有导入任何设备');
    expect(await page.getByTestId('import-error').allTextContents()).toEqual([
      expect.stringMatching(/^第 2 行 category/),
    ]);
    expect(await page.getByTestId('device-row').count()).toBe(0);
    await page.getByTestId('devices-empty').waitFor();

    // The clean register: ten devices from five rows.
    await page.getByLabel('选择 CSV 文件').setInputFiles(new URL('devices.good.csv', FIXTURES).pathname);
    await expect
      .poll(() => page.getByTestId('import-preview').textContent())
      .toBe('共 5 行，将导入 10 台设备。');
    expect(await report.count()).toBe(0);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect.poll(() => page.getByTestId('device-message').textContent()).toBe('已导入 10 台设备。');
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(10);
    const serials = (
      await page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.dataset.serial))
    )
      .filter((s) => s !== '')
      .sort();
    expect(serials).toEqual(['P550-01', 'P550-02', 'PKT-01', 'SRX-0001', 'TM-01', 'TM-02']);

    // Export: the downloaded CSV has the import's columns and one line per device.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^devices-2026-年度设备维保-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('category,model,quantity,unit,notes,service_months,serial,site');
    expect(lines).toHaveLength(11);
    expect(lines.filter((l) => l.startsWith('storage,EMC storage array,1,'))).toHaveLength(4);
    expect(csv).toContain('firewall,Juniper SRX-3600,1,台,含IPS模块 (with IPS module),12,SRX-0001,一号机房');

    // The label sheet: warned first, then one QR label per device.
    await page.getByRole('button', { name: '打印二维码标签（全部）' }).click();
    const dialog = page.getByRole('dialog', { name: '为 10 台设备生成新标签？' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('原来贴的标签将立即失效');
    await dialog.getByRole('button', { name: '生成并打印' }).click();
    await page.waitForURL(`${baseUrl}${contractPath}/labels`);
    const labels = page.getByTestId('qr-label');
    await expect.poll(() => labels.count()).toBe(10);
    expect(await page.locator('[data-testid="qr-label"] svg.qr rect').count()).toBeGreaterThan(10 * 20);
    for (const text of await labels.allTextContents())
      expect(text).toContain('报障请扫码 / Scan to report a fault');
    await page.getByRole('button', { name: '打印' }).waitFor();

    // The label of the firewall opens the customer's form for that device.
    const firewall = labels.filter({ hasText: 'SRX-0001' });
    const url = (await firewall.getAttribute('data-url')) as string;
    expect(url).toMatch(new RegExp(`^${baseUrl}/q/[A-Za-z0-9_-]+$`));
    expect(await firewall.getByTestId('label-url').textContent()).toBe(url.replace(/^https?:\/\//, ''));
    const customer = await desk.newPage();
    await customer.goto(url);
    await customer.getByRole('heading', { name: '报告故障' }).waitFor();
    expect(await customer.getByTestId('fixed-device').textContent()).toContain('Juniper SRX-3600');
    expect(await customer.getByTestId('fixed-device').textContent()).toContain('SRX-0001');
  });
});
