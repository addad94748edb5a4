/**
 * What the engineer recorded, as the dispatcher reads it, in Chromium against the local stack: an engineer's
 * phone (through the field API) checks in 1 km from the site on a clock 5 minutes fast, notes a part swap,
 * lends a standby unit, resolves and takes the customer's signature. The desk's ticket page words each entry,
 * flags the check-in in text, says the time was corrected by the phone's clock offset, and shows the
 * signature image (loaded from the signatures route) with its alt text; the board marks the ticket. axe checks
 * the timeline.
 *
 * Contract, ticket and assignment are made through the desk and public APIs; staff are put on the roster
 * the way the admin command does it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { accessToken, call, freshPhone, putOnRoster, signIn, tokenOf } from './support.ts';

const chromiumPath = inject('chromiumPath');

const SITE = { lat: 31.2, lng: 121.6 };
/** About 1 km north of the site: beyond its 200 m radius and the fix's 20 m accuracy. */
const FAR = { lat: SITE.lat + 1000 / 111_195, lon: SITE.lng, accuracyM: 20 };
/** A 1×1 PNG. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A level-A contract with one site (200 m radius) and a device, a fault reported on it, assigned. */
async function assignedTicket(desk: string, engineerId: string) {
  const { customerId } = await call<{ customerId: string }>('POST', '/desk/customers', desk, {
    name: `西郊数据中心 ${randomInt(1000, 9999)}`,
  });
  const { contractId } = await call<{ contractId: string }>('POST', '/desk/contracts', desk, {
    customerId,
    name: '现场记录演练合同',
    serviceLevel: 'A',
    timeZone: 'Asia/Shanghai',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
  const { siteId } = await call<{ siteId: string }>('POST', `/desk/contracts/${contractId}/sites`, desk, {
    name: '三号机房',
    address: '上海市浦东新区张江路 3 号',
    ...SITE,
    checkInRadiusM: 200,
  });
  const { deviceId } = await call<{ deviceId: string }>(
    'POST',
    `/desk/contracts/${contractId}/devices`,
    desk,
    {
      category: 'firewall',
      model: 'Juniper SRX-3600',
      serial: `SRX-${randomInt(1e5, 1e6)}`,
      siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
    },
  );
  const { labels } = await call<{ labels: { qrPath: string }[] }>(
    'POST',
    `/desk/contracts/${contractId}/devices/labels`,
    desk,
    { deviceIds: [deviceId] },
  );
  const { number } = await call<{ number: string }>(
    'POST',
    '/public/intake',
    null,
    {
      description: '防火墙电源告警，业务时断时续。',
      answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
      contactName: '王经理',
      contactPhone: '+8613900005678',
      idempotencyKey: randomUUID(),
    },
    { authorization: `Link ${(labels[0]?.qrPath ?? '').replace('/q/', '')}` },
  );
  const { tickets } = await call<{ tickets: { ticketId: string; number: string; version: number }[] }>(
    'GET',
    `/desk/board?contractId=${contractId}`,
    desk,
  );
  const ticket = tickets.find((t) => t.number === number);
  if (ticket === undefined) throw new Error('the new ticket is not on the board');
  await call('POST', `/desk/tickets/${ticket.ticketId}/assign`, desk, {
    engineerId,
    expectedVersion: ticket.version,
  });
  return { ticketId: ticket.ticketId, number };
}

describe.skipIf(chromiumPath === '')('the desk reads what the engineer recorded, in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  const dispatcher = { name: '钱调度', phone: freshPhone('139') };
  const engineer = { name: '孙工', phone: freshPhone('139'), staffId: '' };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    await putOnRoster(dispatcher.name, dispatcher.phone, 'dispatcher');
    engineer.staffId = await putOnRoster(engineer.name, engineer.phone, 'engineer');
    desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('words the field entries with their flags, the time correction and the signature', {
    timeout: 180_000,
  }, async () => {
    const deskPage = await desk.newPage();
    await signIn(deskPage, dispatcher.phone, '/desk/board');

    const deskToken = await accessToken(deskPage);
    const { ticketId, number } = await assignedTicket(deskToken, engineer.staffId);

    // The engineer's phone: a clock 5 minutes fast, measured at its last sync.
    const fieldToken = await tokenOf(engineer.phone);
    const fast = 5 * 60_000;
    const item = (action: Record<string, unknown>, offset = 0) => ({
      clientId: randomUUID(),
      recordedAt: new Date(Date.now() + offset).toISOString(),
      clockOffsetMs: offset,
      action: { ticketId, ...action },
    });
    const { results } = await call<{ results: { status: string }[] }>('POST', '/field/outbox', fieldToken, {
      items: [
        item(
          {
            kind: 'checkIn',
            position: { ...FAR, fixedAt: new Date(Date.now() + fast).toISOString() },
          },
          fast,
        ),
        item({ kind: 'note', text: '电源模块风扇停转' }),
        item({ kind: 'part', description: '电源模块', serialOut: 'PSU-OLD-7', serialIn: 'PSU-NEW-8' }),
        item({ kind: 'standby', description: '备用防火墙', serial: 'SB-0099' }),
        item({ kind: 'resolve' }),
        item({ kind: 'confirm', method: 'signature', signerName: '王经理', signaturePng: PNG }),
      ],
    });
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('applied'));

    // The board marks the flagged check-in in words.
    await deskPage.getByRole('button', { name: '刷新' }).click();
    const row = deskPage.locator(`[data-testid="board-row"][data-number="${number}"]`);
    await expect.poll(() => row.getByTestId('board-mark-checkIn').textContent()).toBe('⚠ 签到超出范围');

    await row.getByRole('link', { name: number }).click();
    await deskPage.waitForURL(/\/desk\/tickets\//);
    expect(await deskPage.getByTestId('ticket-mark-checkIn').textContent()).toBe('签到超出范围');

    const checkIn = deskPage.locator('[data-testid="timeline-field"][data-type="checkedIn"]');
    await checkIn.waitFor();
    expect(await checkIn.getAttribute('data-flagged')).toBe('true');
    expect(await checkIn.locator('.timeline-text').textContent()).toMatch(
      /^到场签到，距现场 1,?000 米（签到半径 200 米）$/,
    );
    expect(await checkIn.getByTestId('field-flag').textContent()).toBe('⚠ 超出现场签到半径');
    const details = await checkIn.getByTestId('field-detail').allTextContents();
    expect(details[0]).toBe('GPS 精度 ±20 米');
    expect(details[1]).toMatch(/^手机时间 .+ · 服务器收到 .+$/);
    expect(details[2]).toBe('已按手机时钟偏差校正时间（手机快 300 秒）');

    const textOf = (type: string) =>
      deskPage.locator(`[data-testid="timeline-field"][data-type="${type}"] .timeline-text`).textContent();
    expect(await textOf('workNote')).toBe('工作记录：电源模块风扇停转');
    expect(await textOf('partReplaced')).toBe('更换部件：电源模块，序列号 PSU-OLD-7 → PSU-NEW-8');
    expect(await textOf('standbyLent')).toBe('借出备机：备用防火墙，序列号 SB-0099');
    expect(await textOf('resolved')).toBe('故障已修复');
    expect(await textOf('customerConfirmed')).toBe('客户签字确认修复：王经理');

    // The signature, loaded from its own route, with its alt text.
    const signature = deskPage.getByRole('img', { name: '王经理 的签名' });
    await signature.waitFor();
    expect(await signature.getAttribute('src')).toBe(PNG);
    await expect.poll(() => signature.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);

    // The timeline with its flags and the image passes axe (serious and critical findings).
    const { violations } = await new AxeBuilder({ page: deskPage })
      .include('[data-testid="ticket-timeline"]')
      .analyze();
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    // A check-out without confirmation is possible only before the customer confirmed; this one was
    // confirmed, so it is not flagged.
    await call('POST', '/field/outbox', fieldToken, { items: [item({ kind: 'checkOut' })] });
    await deskPage.reload();
    const checkOut = deskPage.locator('[data-testid="timeline-field"][data-type="checkedOut"]');
    await checkOut.waitFor();
    expect(await checkOut.locator('.timeline-text').textContent()).toBe('离场签退');
    expect(await checkOut.getAttribute('data-flagged')).toBeNull();
  });
});
