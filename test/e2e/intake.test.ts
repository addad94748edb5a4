import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import {
  accessToken,
  baseUrl,
  DESK_VIEWPORT,
  deskApi,
  freshPhone,
  PHONE_VIEWPORT,
  putOnRoster,
  signIn,
} from './support.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(chromiumPath === '')('fault intake and dispatch in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  let phone: BrowserContext;
  const dispatcher = { name: '赵调度', phone: freshPhone('139') };
  const engineer = { name: '陈工程师', phone: freshPhone('139') };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    await putOnRoster(dispatcher.name, dispatcher.phone, 'dispatcher');
    await putOnRoster(engineer.name, engineer.phone, 'engineer');
    desk = await browser.newContext({ locale: 'zh-CN', viewport: DESK_VIEWPORT });
    phone = await browser.newContext({ locale: 'zh-CN', viewport: PHONE_VIEWPORT });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('takes a report from a QR label to an assigned engineer the customer can see', async () => {
    // The dispatcher opens the board and is sent to sign in, then back.
    const deskPage = await desk.newPage();
    await signIn(deskPage, dispatcher.phone, '/desk/board');
    await deskPage.getByRole('heading', { name: '未结工单' }).waitFor();

    // A contract with one site and one labelled device, through the desk API.
    const api = deskApi(await accessToken(deskPage));
    const { customerId } = await api<{ customerId: string }>('POST', '/customers', { name: '华东数据中心' });
    const { contractId } = await api<{ contractId: string }>('POST', '/contracts', {
      customerId,
      name: '2026 年度维保合同',
      serviceLevel: 'A',
      timeZone: 'Asia/Shanghai',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    });
    const { siteId } = await api<{ siteId: string }>('POST', `/contracts/${contractId}/sites`, {
      name: '一号机房',
      address: '上海市浦东新区张江路 1 号',
      lat: 31.2,
      lng: 121.6,
    });
    const { deviceId } = await api<{ deviceId: string }>('POST', `/contracts/${contractId}/devices`, {
      category: 'firewall',
      model: 'Juniper SRX-3600',
      serial: 'SRX-E2E-0001',
      siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
    });
    const { labels } = await api<{ labels: { qrPath: string }[] }>(
      'POST',
      `/contracts/${contractId}/devices/labels`,
      { deviceIds: [deviceId] },
    );
    const qrPath = labels[0]?.qrPath as string;
    expect(qrPath).toMatch(/^\/q\/[A-Za-z0-9_-]+$/);

    // The customer scans the label: the device is fixed, the form is in Chinese.
    const customer = await phone.newPage();
    await customer.goto(`${baseUrl}${qrPath}`);
    await customer.getByRole('heading', { name: '报告故障' }).waitFor();
    expect(await customer.getByTestId('fixed-device').textContent()).toContain('Juniper SRX-3600');
    expect(await customer.getByTestId('fixed-device').textContent()).toContain('SRX-E2E-0001');

    await customer.getByRole('textbox', { name: '故障描述' }).fill('防火墙告警灯常亮，外网全部无法访问。');
    await customer
      .getByRole('group', { name: '系统是否宕机或服务中断?' })
      .getByRole('radio', { name: '是' })
      .check();
    await customer
      .getByRole('group', { name: '业务是否已中断超过 10 分钟?' })
      .getByRole('radio', { name: '否' })
      .check();
    await customer
      .getByRole('group', { name: '是否丢失了关键业务数据?' })
      .getByRole('radio', { name: '否' })
      .check();
    expect(await customer.getByTestId('proposed-level').textContent()).toContain('一级');
    await customer.getByLabel('姓名').fill('李工');
    await customer.getByLabel('手机号').fill('139 0000 1234');

    // A double tap makes one ticket.
    await customer.getByTestId('intake-submit').dblclick();
    const number = customer.getByTestId('ticket-number');
    await number.waitFor();
    const ticketNumber = ((await number.textContent()) ?? '').trim();
    expect(ticketNumber).toMatch(/^SC-\d{4}-\d{6}$/);
    expect(await customer.getByTestId('arrival-due').textContent()).toMatch(/\d{2}:\d{2}/);
    expect(await customer.getByTestId('status-link').textContent()).toMatch(/\/s\/[A-Za-z0-9_-]+$/);

    await customer.getByTestId('open-status').click();
    await customer.waitForURL(/\/s\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => customer.getByTestId('status-number').textContent()).toContain(ticketNumber);
    expect(await customer.getByTestId('status-state').textContent()).toContain('已受理，待派工');
    expect(await customer.getByTestId('status-engineer').textContent()).toContain('尚未指派');

    // The dispatcher finds it at the top of the board filtered to this contract, once (other tests of the
    // run leave overdue tickets of their own contracts on the same board).
    await deskPage.goto(`${baseUrl}/desk/board?contractId=${contractId}`);
    await expect.poll(() => deskPage.getByTestId('filter-contractId').inputValue()).toBe(contractId);
    const rows = deskPage.getByTestId('board-row');
    await expect.poll(() => rows.first().getAttribute('data-number')).toBe(ticketNumber);
    expect(await deskPage.locator(`[data-testid="board-row"][data-number="${ticketNumber}"]`).count()).toBe(
      1,
    );

    await deskPage.getByRole('link', { name: ticketNumber }).click();
    await deskPage.waitForURL(/\/desk\/tickets\//);
    const assign = deskPage.getByTestId('action-assign');
    await assign.getByLabel('工程师', { exact: true }).selectOption({ label: engineer.name });
    await assign.getByRole('button', { name: '指派' }).click();
    await expect.poll(() => deskPage.getByTestId('ticket-engineer').textContent()).toContain(engineer.name);
    expect(await deskPage.getByTestId('action-message').textContent()).toContain('已保存');
    expect(await deskPage.getByTestId('ticket-state').textContent()).toContain('已派工程师');

    // The ticket's change history names who assigned whom (the audit trail of the access rules).
    await deskPage.getByTestId('ticket-audit-link').click();
    await expect.poll(() => deskPage.getByTestId('audit-entry').count()).toBeGreaterThanOrEqual(2);
    expect(await deskPage.getByTestId('audit-trail').textContent()).toContain(engineer.name);

    // The customer's status page shows who is coming.
    await customer.reload();
    await expect.poll(() => customer.getByTestId('status-engineer').textContent()).toContain(engineer.name);
    expect(await customer.getByTestId('status-state').textContent()).toContain('已派工程师');
  });
});
