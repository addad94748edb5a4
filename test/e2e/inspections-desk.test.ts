/**
 * The desk's quarterly inspections in Chromium against the local stack (issue 7 item 3): a dispatcher
 * opens a contract's Inspections tab, is stopped by a due date outside the quarter, plans the next
 * quarter's visits (the confirmation says how many), sees them listed by quarter, and planning again
 * creates nothing and says so. The engineer then submits the firewall's form with one failed check (through
 * the field API, as the phone would), and the device's history page, opened from the register, shows the
 * result with the failed check marked in words and the fault ticket it opened, linked to the desk's ticket.
 *
 * The contract, site and devices are made through the desk API; staff are put on the roster the way the
 * admin command does it, with numbers no other test uses (sign-in codes are limited per number).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnswerValue, InspectionItem } from '../../shared/field/schemas.ts';
import { CURRENT_TEMPLATE } from '../../shared/field/templates.ts';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import {
  baseUrl,
  call,
  DESK_VIEWPORT,
  freshPhone,
  putOnRoster,
  seriousViolations,
  signIn,
  tokenOf,
} from './support.ts';

const chromiumPath = inject('chromiumPath');

/** The admin's change that takes a member off duty (the roster page's business, not this test's). */
async function deactivate(staffId: string) {
  const { getStaff } = await import('../../functions/store/staff.ts');
  const { updateStaff } = await import('../../functions/staff/roster.ts');
  const current = await getStaff(staffId);
  if (current === undefined) throw new Error(`no staff ${staffId}`);
  await updateStaff({
    current,
    next: { name: current.name, phone: current.phone, roles: current.roles, active: false },
    expectedVersion: current.version,
    actor: { kind: 'system', id: 'e2e' },
    now: new Date(),
  });
}

/** Today in Shanghai, and the quarter after it (the form's default) with its last day. */
function nextQuarterOfToday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const index = Number(today.slice(0, 4)) * 4 + Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const year = Math.floor(index / 4);
  const q = (index % 4) + 1;
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    quarter: `${year}-Q${q}`,
    last: `${year}-${String(lastMonth).padStart(2, '0')}-${lastDay}`,
    afterLast: `${year + (q === 4 ? 1 : 0)}-${String(q === 4 ? 1 : lastMonth + 1).padStart(2, '0')}-01`,
  };
}

/** A passing answer to every check, but `failing` answered out of range. */
function answersFor(items: readonly InspectionItem[], failing: string): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const item of items) {
    if (item.kind === 'passFail') answers[item.id] = true;
    else if (item.kind === 'number')
      answers[item.id] = item.id === failing ? (item.max ?? 0) + 13 : (item.min ?? 0) + 1;
    else if (item.kind === 'choice')
      answers[item.id] = item.choices?.find((c) => c.failing !== true)?.value ?? null;
    else answers[item.id] = '2026-11-01';
  }
  return answers;
}

describe.skipIf(chromiumPath === '')(
  'the desk plans quarterly inspections and reads a device history',
  () => {
    let browser: Browser;
    const dispatcher = { name: '钱调度', phone: freshPhone('136') };
    const setupDesk = { phone: freshPhone('136') };
    const engineer = { name: `周巡检${randomInt(100, 999)}`, phone: freshPhone('136') };
    let engineerId = '';
    const leaving = { name: `吴离职${randomInt(100, 999)}`, phone: freshPhone('136') };
    let leavingId = '';
    let contractId = '';
    let firewallId = '';
    let deskToken = '';
    const siteName = `二号机房 ${randomInt(1000, 9999)}`;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
      await putOnRoster(dispatcher.name, dispatcher.phone, 'dispatcher');
      await putOnRoster('郑调度', setupDesk.phone, 'dispatcher');
      engineerId = await putOnRoster(engineer.name, engineer.phone, 'engineer');
      leavingId = await putOnRoster(leaving.name, leaving.phone, 'engineer');
      deskToken = await tokenOf(setupDesk.phone);
      const desk = deskToken;
      const { customerId } = await call<{ customerId: string }>('POST', '/desk/customers', desk, {
        name: `华北数据中心 ${randomInt(1000, 9999)}`,
      });
      ({ contractId } = await call<{ contractId: string }>('POST', '/desk/contracts', desk, {
        customerId,
        name: '巡检维保合同',
        serviceLevel: 'B',
        timeZone: 'Asia/Shanghai',
        startsOn: '2026-01-01',
        endsOn: '2028-12-31',
      }));
      const { siteId } = await call<{ siteId: string }>('POST', `/desk/contracts/${contractId}/sites`, desk, {
        name: siteName,
        address: '北京市海淀区中关村大街 1 号',
        lat: 39.98,
        lng: 116.31,
        checkInRadiusM: 200,
      });
      ({ deviceId: firewallId } = await call<{ deviceId: string }>(
        'POST',
        `/desk/contracts/${contractId}/devices`,
        desk,
        {
          category: 'firewall',
          model: 'Huawei USG6650',
          serial: `USG-${randomInt(1e5, 1e6)}`,
          siteId,
          serviceStart: '2026-01-01',
          serviceEnd: '2028-12-31',
        },
      ));
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('plans the next quarter once, lists it, and shows the device history with a failed check', async () => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: DESK_VIEWPORT });
      const page = await context.newPage();
      const next = nextQuarterOfToday();
      const tab = `/desk/contracts/${contractId}?tab=inspections`;
      await signIn(page, dispatcher.phone, tab);

      await expect
        .poll(() => page.getByTestId('inspections-empty').isVisible(), { timeout: 15_000 })
        .toBe(true);
      await expect(page.getByLabel('季度', { exact: true }).inputValue()).resolves.toBe(next.quarter);
      await expect(page.getByLabel('完成期限', { exact: true }).inputValue()).resolves.toBe(next.last);

      // A due date past the quarter is stopped in the page, named at its field.
      await page.getByLabel('完成期限', { exact: true }).fill(next.afterLast);
      await page.getByLabel('工程师', { exact: true }).selectOption({ label: engineer.name });
      await expect(page.getByLabel('工程师', { exact: true }).inputValue()).resolves.toBe(engineerId);
      await page.getByRole('button', { name: '安排巡检' }).click();
      await expect(page.getByText('完成期限须在所选季度内').isVisible()).resolves.toBe(true);
      await expect(page.getByLabel('完成期限', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
        'true',
      );

      // An engineer who leaves while the page is open: the server's 400 is shown at the engineer field.
      await page.getByLabel('完成期限', { exact: true }).fill(next.last);
      await page.getByLabel('工程师', { exact: true }).selectOption({ label: leaving.name });
      await deactivate(leavingId);
      await page.getByRole('button', { name: '安排巡检' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: '确认安排' }).click();
      await expect
        .poll(() => page.locator('#round-engineer-hint').textContent(), { timeout: 15_000 })
        .toBe('请选择本公司在职的工程师');
      await expect(page.getByLabel('工程师', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
        'true',
      );
      await expect(page.getByTestId('inspection-row').count()).resolves.toBe(0);

      await page.getByLabel('工程师', { exact: true }).selectOption({ label: engineer.name });
      await page.getByRole('button', { name: '安排巡检' }).click();
      await expect(dialog.textContent()).resolves.toContain('将新建 1 次巡检');
      await dialog.getByRole('button', { name: '确认安排' }).click();
      await expect
        .poll(() => page.getByTestId('inspection-message').textContent(), { timeout: 15_000 })
        .toContain(`已为 ${next.quarter} 新建 1 次巡检`);
      const row = page.getByTestId('inspection-row');
      await expect(row.count()).resolves.toBe(1);
      const cells = await row.locator('td').allTextContents();
      expect(cells).toEqual([siteName, engineer.name, next.last, '未完成', '0 / 1 台']);
      await expect(
        page.getByTestId('inspection-quarter-group').locator('h3').textContent(),
      ).resolves.toContain(next.quarter);

      expect(await seriousViolations(page)).toEqual([]);

      // Again: the confirmation and the answer both say nothing new is made.
      await page.getByRole('button', { name: '安排巡检' }).click();
      await expect(dialog.textContent()).resolves.toContain('都已存在');
      await dialog.getByRole('button', { name: '确认安排' }).click();
      await expect
        .poll(() => page.getByTestId('inspection-message').textContent(), { timeout: 15_000 })
        .toContain('没有新建任何巡检');
      await expect(row.count()).resolves.toBe(1);

      // The engineer submits the firewall's form with CPU out of range: one fault ticket.
      const fieldToken = await tokenOf(engineer.phone);
      const { visits } = await call<{ visits: { id: string; quarter: string }[] }>(
        'GET',
        `/desk/contracts/${contractId}/inspection-visits`,
        deskToken,
      );
      const visitId = visits.find((v) => v.quarter === next.quarter)?.id ?? '';
      const template = CURRENT_TEMPLATE.firewall;
      if (template === undefined) throw new Error('no firewall template');
      const answers = answersFor(template.items, 'cpu');
      const item = (action: Record<string, unknown>) => ({
        clientId: randomUUID(),
        recordedAt: new Date().toISOString(),
        clockOffsetMs: 0,
        action,
      });
      const { results } = await call<{ results: { status: string; message?: string }[] }>(
        'POST',
        '/field/outbox',
        fieldToken,
        {
          items: [
            ...Object.entries(answers).map(([itemId, value]) =>
              item({ kind: 'answer', visitId, deviceId: firewallId, itemId, value }),
            ),
            item({ kind: 'submitInspection', visitId, deviceId: firewallId }),
          ],
        },
      );
      expect(results.filter((r) => r.status !== 'applied')).toEqual([]);

      // The list shows the visit submitted; the register links to the device's history.
      await page.reload();
      await expect
        .poll(
          async () => (await page.getByTestId('inspection-row').locator('td').allTextContents()).slice(3),
          {
            timeout: 15_000,
          },
        )
        .toEqual(['已提交', '1 / 1 台']);

      await page.getByTestId('tab-devices').click();
      await page.getByRole('link', { name: /^Huawei USG6650 USG-\d+ 的设备档案$/ }).click();
      await page.waitForURL(`${baseUrl}/desk/contracts/${contractId}/devices/${firewallId}`);
      await expect
        .poll(() => page.getByTestId('history-title').textContent(), { timeout: 15_000 })
        .toBe('设备档案：Huawei USG6650');
      const form = page.getByTestId('history-form');
      await expect(form.count()).resolves.toBe(1);
      const heading = await form.locator('h3').textContent();
      expect(heading).toContain(next.quarter);
      expect(heading).toContain('防火墙巡检');
      await expect(form.textContent()).resolves.toContain(`工程师：${engineer.name}`);
      await expect(form.textContent()).resolves.toContain('1 项不合格');
      const failed = form.locator('[data-testid="history-line"][data-failed="true"]');
      await expect(failed.count()).resolves.toBe(1);
      const failedText = (await failed.textContent()) ?? '';
      expect(failedText).toContain('CPU 利用率');
      expect(failedText).toContain('93 %');
      expect(failedText).toContain('不合格');
      expect(failedText).toContain('已开工单');
      await expect(
        form.locator('[data-testid="history-line"][data-failed="false"]').first().textContent(),
      ).resolves.toContain('合格');

      expect(await seriousViolations(page)).toEqual([]);

      const ticketRow = page.getByTestId('history-ticket');
      await expect(ticketRow.count()).resolves.toBe(1);
      const ticketLink = ticketRow.getByRole('link');
      const number = (await ticketLink.textContent()) ?? '';
      expect(failedText).toContain(number);
      await ticketLink.click();
      await page.waitForURL(/\/desk\/tickets\/[^/]+$/);
      await context.close();
    });
  },
);
