/**
 * A customer edited at the desk in Chromium against the local stack: reached from the contract list,
 * its name and main phone changed, leaving with unsaved changes asked about first (and refused),
 * saved, the new name shown on its contract; then a new SLA version of that contract with its own
 * level 1 target, whose example deadline (from the SLA engine) follows the number as it is typed.
 */
import { randomInt } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl, freshPhone, signIn, useE2eTable } from './support.ts';

const chromiumPath = inject('chromiumPath');

async function seed(dispatcherPhone: string, customerName: string) {
  useE2eTable();
  const { createStaff } = await import('../../functions/store/staff.ts');
  const register = await import('../../functions/store/register.ts');
  const { presetPolicy } = await import('../../shared/sla/index.ts');
  const actor = { kind: 'system', id: 'e2e' } as const;
  const now = new Date();
  const at = now.toISOString();
  await createStaff(
    { name: '钱调度', phone: dispatcherPhone, roles: ['dispatcher'], companyId: 'default' },
    actor,
    now,
  );
  const customerId = register.newId();
  await register.createCustomer(
    { customerId, companyId: 'default', name: customerName, createdAt: at, updatedAt: at, version: 1 },
    actor,
    now,
  );
  const contractId = register.newId();
  await register.createContract(
    {
      contractId,
      companyId: 'default',
      customerId,
      customerName,
      name: '机房维保 C 级',
      serviceLevel: 'C',
      timeZone: 'Asia/Shanghai',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      policies: [presetPolicy('C', { policyId: contractId })],
      escalation: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    actor,
    now,
  );
  return { customerId, contractId };
}

describe.skipIf(chromiumPath === '')('a customer and a contract’s own SLA numbers in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('edits a customer with an unsaved-changes guard, then adds an SLA version with its own numbers', async () => {
    const phone = freshPhone('136');
    const oldName = `华北电力 ${randomInt(1000, 9999)}`;
    const { customerId, contractId } = await seed(phone, oldName);
    const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await desk.newPage();
    await signIn(page, phone, '/desk/contracts');

    // From the contract list to the customer's page.
    await page.getByRole('link', { name: oldName }).first().click();
    await page.waitForURL(`${baseUrl}/desk/customers/${customerId}`);
    await expect.poll(() => page.getByTestId('customer-title').textContent()).toBe(oldName);
    // Its contracts load on their own, after the customer.
    await expect.poll(() => page.getByTestId('customer-contract').count()).toBe(1);
    const form = page.getByTestId('customer-form');
    expect(await form.getByRole('button', { name: '保存' }).isDisabled()).toBe(true);

    const newName = `${oldName} 集团`;
    await form.getByLabel('客户名称').fill(newName);
    await form.getByLabel('总机电话').fill('010 6555 0000');
    await page.getByTestId('customer-dirty').waitFor();

    // Leaving now asks first; declining stays with the edits in place.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: '返回合同列表' }).click();
    await expect.poll(() => asked).toEqual(['客户信息还没有保存。确定离开吗？']);
    expect(new URL(page.url()).pathname).toBe(`/desk/customers/${customerId}`);
    expect(await form.getByLabel('客户名称').inputValue()).toBe(newName);

    // A bad email is named before anything is sent.
    await form.getByLabel('电子邮箱').fill('not mail');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('customer-message').textContent()).toBe('请检查“电子邮箱”。');
    await form.getByLabel('电子邮箱').fill('ops@huabei.example.cn');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('customer-message').textContent()).toBe('已保存。');
    await expect.poll(() => page.getByTestId('customer-title').textContent()).toBe(newName);
    expect(await form.getByLabel('总机电话').inputValue()).toBe('+861065550000');
    expect(await page.getByTestId('customer-saved-at').textContent()).toBe('第 2 版');
    expect(await page.getByTestId('customer-dirty').count()).toBe(0);

    // Saved: leaving asks nothing, and the contract shows the new name.
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByTestId('customer-contract').getByRole('link').click();
    await page.waitForURL(`${baseUrl}/desk/contracts/${contractId}`);
    await expect.poll(() => page.getByTestId('contract-customer-link').textContent()).toBe(newName);
    expect(asked).toHaveLength(1);

    // A new SLA version: the C preset's numbers as defaults, each explained, one example deadline.
    await page.getByRole('link', { name: 'SLA 版本' }).click();
    const policy = page.getByTestId('policy-form');
    const level1 = policy.getByLabel('一级故障解决时限（小时）');
    expect(await level1.inputValue()).toBe('8');
    expect(await policy.textContent()).toContain('一级（重大）故障从受理到恢复服务的服务时间');
    const resolution = page.getByTestId('policy-example-resolution');
    await resolution.waitFor();
    const presetDue = await resolution.textContent();
    await level1.fill('4');
    await expect.poll(() => resolution.textContent()).not.toBe(presetDue);
    const customDue = await resolution.textContent();
    // Out of order: level 2 shorter than level 1 is refused before sending, and the example says why.
    await policy.getByLabel('二级故障解决时限（小时）').fill('2');
    await page.getByTestId('policy-example-none').waitFor();
    await policy.getByRole('button', { name: '新增版本' }).click();
    await expect
      .poll(() => page.getByTestId('policy-message').textContent())
      .toContain('解决时限不能短于更严重级别的时限');
    await policy.getByLabel('二级故障解决时限（小时）').fill('72');
    await expect.poll(() => resolution.textContent()).toBe(customDue);
    await policy.getByRole('button', { name: '新增版本' }).click();
    await expect.poll(() => page.getByTestId('policy-message').textContent()).toBe('已新增 SLA 版本。');
    await expect.poll(() => page.getByTestId('policy-row').count()).toBe(2);
    expect(await page.getByTestId('policy-row').first().textContent()).toContain('4 小时');
    await desk.close();
  });
});
