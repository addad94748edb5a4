import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import {
  accessToken,
  baseUrl,
  DESK_VIEWPORT,
  deskApi,
  freshPhone,
  outbox,
  PHONE_VIEWPORT,
  putOnRoster,
  signIn,
  useE2eTable,
} from './support.ts';

const chromiumPath = inject('chromiumPath');

const masked = (phone: string) => `${phone.slice(0, -8)}****${phone.slice(-4)}`;

/** The contract's one policy version: the A preset with level-3 and level-2 targets of 1 and 30 minutes. */
async function oneMinuteTargets(contractId: string) {
  useE2eTable();
  const [{ contract }, { presetPolicy }] = await Promise.all([
    import('../../functions/store/desk-entities.ts'),
    import('../../shared/sla/index.ts'),
  ]);
  const preset = presetPolicy('A', {
    timeZone: 'Asia/Shanghai',
    policyId: `e2e-${contractId}`,
    version: 1,
    effectiveFrom: '2026-01-01T00:00:00Z',
  });
  await contract
    .patch({ contractId })
    .set({ policies: [{ ...preset, resolutionMinutes: { 1: 120, 2: 30, 3: 1 } }] })
    .go();
}

describe.skipIf(chromiumPath === '')('a missed deadline on the desk and the status page, in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  let phone: BrowserContext;
  const dispatcher = { name: '孙调度', phone: freshPhone('139'), staffId: '' };
  const manager = { name: '项目经理 钱', phone: freshPhone('139') };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    dispatcher.staffId = await putOnRoster(dispatcher.name, dispatcher.phone, 'dispatcher');
    desk = await browser.newContext({ locale: 'zh-CN', viewport: DESK_VIEWPORT });
    phone = await browser.newContext({ locale: 'zh-CN', viewport: PHONE_VIEWPORT });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the escalation, its SMS, the board mark and the raised level', { timeout: 240_000 }, async () => {
    const deskPage = await desk.newPage();
    await signIn(deskPage, dispatcher.phone, '/desk/board');

    // A 7×24 contract, a device with a QR label, and its chain: tier 1 the dispatcher, tier 2 a PM.
    const api = deskApi(await accessToken(deskPage));
    const { customerId } = await api<{ customerId: string }>('POST', '/customers', { name: '西区数据中心' });
    const { contractId } = await api<{ contractId: string }>('POST', '/contracts', {
      customerId,
      name: '升级演练合同',
      serviceLevel: 'A',
      timeZone: 'Asia/Shanghai',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    });
    const { siteId } = await api<{ siteId: string }>('POST', `/contracts/${contractId}/sites`, {
      name: '二号机房',
      address: '成都市高新区天府大道 2 号',
      lat: 30.5,
      lng: 104.1,
    });
    const { deviceId } = await api<{ deviceId: string }>('POST', `/contracts/${contractId}/devices`, {
      category: 'storage',
      model: 'OceanStor 5500',
      serial: 'OS-E2E-0002',
      siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
    });
    const { contactId } = await api<{ contactId: string }>('POST', `/contracts/${contractId}/contacts`, {
      name: manager.name,
      phone: manager.phone,
      role: 'project manager',
    });
    const { version } = await api<{ version: number }>('GET', `/contracts/${contractId}`);
    await api('PUT', `/contracts/${contractId}/escalation`, {
      tiers: [
        { tier: 1, staffIds: [dispatcher.staffId] },
        { tier: 2, contactIds: [contactId] },
      ],
      expectedVersion: version,
    });
    await oneMinuteTargets(contractId);
    const { labels } = await api<{ labels: { qrPath: string }[] }>(
      'POST',
      `/contracts/${contractId}/devices/labels`,
      { deviceIds: [deviceId] },
    );

    // The customer reports a minor fault (level 3) and opens the status page.
    const customer = await phone.newPage();
    await customer.goto(`${baseUrl}${labels[0]?.qrPath}`);
    await customer.getByRole('heading', { name: '报告故障' }).waitFor();
    await customer.getByRole('textbox', { name: '故障描述' }).fill('存储控制器告警，一块硬盘亮黄灯。');
    for (const question of [
      '系统是否宕机或服务中断?',
      '业务是否已中断超过 10 分钟?',
      '是否丢失了关键业务数据?',
      '性能或容量是否部分丧失,或存在中断风险?',
    ]) {
      await customer.getByRole('group', { name: question }).getByRole('radio', { name: '否' }).check();
    }
    expect(await customer.getByTestId('proposed-level').textContent()).toContain('三级');
    await customer.getByLabel('姓名').fill('周工');
    await customer.getByLabel('手机号').fill('139 0000 5678');
    const reportedAt = Date.now();
    await customer.getByTestId('intake-submit').click();
    await customer.getByTestId('ticket-number').waitFor();
    const ticketNumber = ((await customer.getByTestId('ticket-number').textContent()) ?? '').trim();
    await customer.getByTestId('open-status').click();
    await customer.waitForURL(/\/s\/[A-Za-z0-9_-]+$/);
    await customer.getByTestId('status-level').waitFor({ timeout: 15_000 });
    expect(await customer.getByTestId('status-level').getAttribute('data-level')).toBe('3');

    // One minute of service time later the timer raises the level and texts both tiers.
    await expect
      .poll(async () => (await outbox()).filter((m) => m.to === manager.phone).length, {
        timeout: 120_000,
        interval: 2_000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(Date.now() - reportedAt).toBeGreaterThanOrEqual(60_000);
    const texts = (await outbox()).filter((m) => m.to === manager.phone || m.to === dispatcher.phone);
    expect(texts.some((m) => m.to === dispatcher.phone && m.text.includes(ticketNumber))).toBe(true);

    // The board marks the ticket: escalated once, tier 2 alerted.
    await deskPage.getByRole('button', { name: '刷新' }).click();
    const row = deskPage.locator(`[data-testid="board-row"][data-number="${ticketNumber}"]`);
    await expect.poll(() => row.getByTestId('board-mark-escalated').textContent()).toBe('已升级 ×1');
    expect(await row.getByTestId('board-mark-tier').textContent()).toBe('通知至第 2 级');
    expect(await row.getByTestId('board-mark-smsFailed').count()).toBe(0);

    // The ticket page: the escalation with its missed target, and each SMS with its status.
    await row.getByRole('link', { name: ticketNumber }).click();
    await deskPage.waitForURL(/\/desk\/tickets\//);
    const escalation = deskPage.locator('[data-testid="timeline-firing"][data-type="escalated"]');
    await escalation.waitFor();
    expect(await escalation.locator('.timeline-text').textContent()).toBe(
      '超时升级：三级（次要） → 二级（主要），通知至第 2 级',
    );
    expect(await escalation.getByTestId('firing-missed-target').textContent()).toMatch(
      /^未达成：三级（次要）解决时限 .+ \d{2}:\d{2} \(GMT\+8\)$/,
    );
    // Each SMS of the escalation, once both are settled (sent through the local outbox).
    const sms = escalation.getByTestId('timeline-sms');
    await expect
      .poll(
        async () => {
          await deskPage.reload();
          await escalation.waitFor();
          return escalation.locator('[data-testid="timeline-sms"][data-status="sent"]').count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBeGreaterThanOrEqual(2);
    const smsTexts = await sms.allTextContents();
    expect(smsTexts).toHaveLength(2);
    expect(
      smsTexts.some((s) => s.includes(`短信 → ${dispatcher.name}（${masked(dispatcher.phone)}），第 1 级`)),
    ).toBe(true);
    expect(
      smsTexts.some((s) => s.includes(`短信 → ${manager.name}（${masked(manager.phone)}），第 2 级`)),
    ).toBe(true);
    for (const s of smsTexts) expect(s).toMatch(/升级通知 · 已发送 · 第 1 次 · .* · 短信平台编号 \S+/);
    const page = (await deskPage.content()).replaceAll(/\s/g, '');
    expect(page).not.toContain(manager.phone);
    expect(page).not.toContain(dispatcher.phone.slice(3));
    // The warning before it is on the timeline too.
    expect(
      await deskPage.locator('[data-testid="timeline-firing"][data-type="resolutionWarning"]').textContent(),
    ).toContain('三级（次要）解决时限预警');
    expect(await deskPage.getByTestId('ticket-mark-escalated').textContent()).toBe('已升级 ×1');

    // The customer's status page shows the raised level, and nothing of tiers or staff numbers.
    await customer.reload();
    await customer.getByTestId('status-level').waitFor({ timeout: 15_000 });
    expect(await customer.getByTestId('status-level').getAttribute('data-level')).toBe('2');
    expect(await customer.getByTestId('status-raise').textContent()).toMatch(
      /^.+ \d{2}:\d{2} \(GMT\+8\) 超出解决时限，级别由三级（次要）提高为二级（主要）$/,
    );
    const timeline = await customer.getByTestId('status-timeline').textContent();
    expect(timeline).toContain('超出解决时限，级别由三级（次要）提高为二级（主要）');
    const status = await customer.content();
    expect(status).not.toContain(manager.phone);
    expect(status).not.toContain(dispatcher.phone);
    expect(status).not.toContain('预警');
  });
});
