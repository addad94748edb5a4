/**
 * The engineer's phone in Chromium against the local stack (issue 7): a signed-in engineer with an assigned
 * ticket and a two-device inspection visit goes offline, reloads, departs and checks in, answers a 20-item
 * inspection, has the page killed in the middle of the second form, reopens it, finishes and submits, then
 * comes back online: the server holds exactly one copy of each action, and the arrival counts at the phone's
 * time. A second engineer works through a server that answers 500s and timeouts (and once applies a batch
 * whose answer never arrives) before it recovers: everything arrives once. axe checks the engineer pages.
 *
 * The contract, site, devices, ticket, assignment and visit are made through the desk and public APIs as
 * the intake and sign-in tests do; staff are put on the roster the way the admin command does it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../support/chromium.ts';
import { baseUrl, call, freshPhone, putOnRoster, seriousViolations, signIn, tokenOf } from './support.ts';

const chromiumPath = inject('chromiumPath');

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const SITE = { lat: 31.2, lng: 121.6 };
/** About 30 m north of the site: inside its 200 m radius. */
const AT_SITE = { latitude: 31.200_27, longitude: 121.6, accuracy: 12 };

/** A dispatcher signed in through the API (the desk's screens are another test's business). */
async function dispatcherToken(): Promise<string> {
  const phone = freshPhone('139');
  await putOnRoster('赵调度', phone, 'dispatcher');
  return tokenOf(phone);
}

interface Setup {
  contractId: string;
  ticketId: string;
  ticketNumber: string;
  minicomputerId: string;
}

/**
 * A level-A contract with one site (200 m radius), a firewall and a minicomputer there, a fault reported
 * on the firewall's QR label and assigned to `engineerId`, and this quarter's inspection visit for them.
 */
async function assignedWork(desk: string, engineerId: string): Promise<Setup> {
  const { customerId } = await call<{ customerId: string }>('POST', '/desk/customers', desk, {
    name: `华东数据中心 ${randomInt(1000, 9999)}`,
  });
  const { contractId } = await call<{ contractId: string }>('POST', '/desk/contracts', desk, {
    customerId,
    name: '2026 年度维保合同',
    serviceLevel: 'A',
    timeZone: 'Asia/Shanghai',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
  const { siteId } = await call<{ siteId: string }>('POST', `/desk/contracts/${contractId}/sites`, desk, {
    name: '一号机房',
    address: '上海市浦东新区张江路 1 号',
    ...SITE,
    checkInRadiusM: 200,
  });
  await call('POST', `/desk/contracts/${contractId}/contacts`, desk, {
    name: '李工',
    phone: '+8613900001234',
    role: '机房负责人',
  });
  const device = (category: string, model: string, serial: string) =>
    call<{ deviceId: string }>('POST', `/desk/contracts/${contractId}/devices`, desk, {
      category,
      model,
      serial,
      siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
    });
  const { deviceId: firewallId } = await device('firewall', 'Juniper SRX-3600', `SRX-${randomInt(1e5, 1e6)}`);
  const { deviceId: minicomputerId } = await device(
    'minicomputer',
    'IBM Power550',
    `P550-${randomInt(1e5, 1e6)}`,
  );

  const { labels } = await call<{ labels: { qrPath: string }[] }>(
    'POST',
    `/desk/contracts/${contractId}/devices/labels`,
    desk,
    { deviceIds: [firewallId] },
  );
  const token = (labels[0]?.qrPath ?? '').replace('/q/', '');
  const { number } = await call<{ number: string }>(
    'POST',
    '/public/intake',
    null,
    {
      description: '防火墙告警灯常亮，外网全部无法访问。',
      answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
      contactName: '李工',
      contactPhone: '+8613900001234',
      idempotencyKey: randomUUID(),
    },
    { authorization: `Link ${token}` },
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
  const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
  await call('POST', `/desk/contracts/${contractId}/inspection-visits`, desk, {
    quarter,
    dueDate: '2027-12-15',
    engineerId,
  });
  return { contractId, ticketId: ticket.ticketId, ticketNumber: number, minicomputerId };
}

interface DeskEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

async function timeline(desk: string, ticketId: string) {
  return call<{ ticket: { state: string; arrivalDueAt: string | null }; timeline: DeskEvent[] }>(
    'GET',
    `/desk/tickets/${ticketId}`,
    desk,
  );
}

const countOf = (events: DeskEvent[], type: string) => events.filter((e) => e.type === type).length;

/** What waits in the phone's outbox, read from IndexedDB as the app stored it. */
function queuedOnPhone(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ clientId: string; recordedAt: string; action: { kind: string } }[]>((resolve, reject) => {
        const open = indexedDB.open('sitecall-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('outbox').objectStore('outbox').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            open.result.close();
            resolve(read.result);
          };
        };
      }),
  );
}

/** Taps an action of the ticket screen and confirms it in its dialog or sheet. */
async function perform(page: Page, kind: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`action-${kind}`).click();
  await fill?.(page);
  const dialog = page.locator('dialog[open]');
  await dialog.locator('[data-testid="dialog-confirm"], [data-testid="sheet-submit"]').click();
  await expect
    .poll(() => page.getByTestId('action-message').textContent(), { timeout: 10_000 })
    .toContain('已保存在本机');
}

const FIREWALL: [string, string | number][] = [
  ['ha-state', '主备正常'],
  ['sessions', 12_000],
  ['cpu', 35],
  ['memory', 40],
  ['ips-signature-date', '2026-11-20'],
  ['ips-signature-current', '正常'],
  ['interfaces', '正常'],
  ['logs', '正常'],
  ['config-backup', '正常'],
  ['remarks', '机房温度偏高'],
];
/** The peak CPU (95 %) is out of its 0–85 range: a failed check, which opens one fault ticket. */
const MINICOMPUTER: [string, string | number][] = [
  ['error-log', '正常'],
  ['fans', '正常'],
  ['power-supplies', '正常'],
  ['disks', '正常'],
  ['cpu', 95],
  ['paging', 20],
  ['rootvg', 50],
  ['hmc', '正常'],
  ['firmware', 'FW860.B0'],
  ['remarks', '无'],
];

async function answer(page: Page, [itemId, value]: [string, string | number]) {
  const item = page.getByTestId(`item-${itemId}`);
  const kind = await item.getAttribute('data-kind');
  if (kind === 'passFail' || kind === 'choice') await item.getByText(String(value), { exact: true }).click();
  else await item.locator('input, textarea').fill(String(value));
}

async function openForm(page: Page, model: string) {
  await page.goto(`${baseUrl}/field/inspections`);
  await page.getByTestId('inspection-device').filter({ hasText: model }).click();
  await page.getByTestId('inspection-form').waitFor();
}

describe.skipIf(chromiumPath === '')('the engineer’s phone', () => {
  let browser: Browser;
  let desk: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    desk = await dispatcherToken();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('works offline through a reload and a killed page, and the server gets each action once', async () => {
    const engineer = { name: '陈工程师', phone: freshPhone('139') };
    const engineerId = await putOnRoster(engineer.name, engineer.phone, 'engineer');
    const work = await assignedWork(desk, engineerId);
    const context: BrowserContext = await browser.newContext({
      ...PHONE,
      permissions: ['geolocation'],
      geolocation: AT_SITE,
    });
    let page = await context.newPage();
    await signIn(page, engineer.phone, '/field');

    // Online once: the snapshot arrives, the service worker takes the page, the engineer accepts.
    await page.getByTestId('ticket-card').filter({ hasText: work.ticketNumber }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    expect(await seriousViolations(page)).toEqual([]);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByTestId('arrival-clock').first().textContent()).toMatch(/剩余 \d+:\d{2}:\d{2}/);
    await page.getByTestId('ticket-card').filter({ hasText: work.ticketNumber }).click();
    expect(await page.getByTestId('map-geo').getAttribute('href')).toMatch(/^geo:31\.2,121\.6/);
    expect(await page.getByRole('link', { name: /^拨打 李工/ }).getAttribute('href')).toBe(
      'tel:+8613900001234',
    );
    await perform(page, 'accept');
    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 })
      .toBe('已全部发送');
    expect(await seriousViolations(page)).toEqual([]);

    // No signal in the machine room: reload, depart, check in.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('field-ticket').waitFor();
    await perform(page, 'depart');
    await page.getByTestId('action-checkIn').click();
    await expect
      .poll(() => page.getByTestId('checkin-distance').textContent(), { timeout: 10_000 })
      .toMatch(/距现场 3\d 米/);
    await page.getByTestId('sheet-submit').click();
    await expect
      .poll(() => page.getByTestId('ticket-state').textContent(), { timeout: 10_000 })
      .toBe('在现场');
    expect(await page.getByTestId('sync-problem').getAttribute('data-problem')).toBe('offline');
    expect(await seriousViolations(page)).toEqual([]);

    // The 20-item inspection: the firewall's form whole, the minicomputer's half, then the page dies.
    await page.goto(`${baseUrl}/field/inspections`);
    await page.getByTestId('visit-card').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await openForm(page, 'Juniper SRX-3600');
    expect(await seriousViolations(page)).toEqual([]);
    for (const entry of FIREWALL) await answer(page, entry);
    await page.getByTestId('form-submit').click();
    await page.getByTestId('dialog-confirm').click();
    // The engineer leaves once the phone shows the form as submitted (read-only): it is on disk then. A
    // page loaded over it sooner could abort the outbox write still on its way.
    await expect.poll(() => page.getByTestId('form-submit').count(), { timeout: 10_000 }).toBe(0);
    await openForm(page, 'IBM Power550');
    for (const entry of MINICOMPUTER.slice(0, 5)) await answer(page, entry);
    expect(await page.getByTestId('item-cpu').getByTestId('item-fail').textContent()).toContain('0–85');
    // Submitting now is refused here on the phone: required items are missing.
    await page.getByTestId('form-submit').click();
    expect(await page.getByTestId('form-missing').textContent()).toContain('2');
    await page.close();

    page = await context.newPage();
    await page.goto(`${baseUrl}/field/inspections`);
    await openForm(page, 'IBM Power550');
    expect(await page.getByTestId('item-cpu').locator('input').inputValue()).toBe('95');
    expect(await page.getByTestId('item-disks').getByRole('radio', { name: '正常' }).isChecked()).toBe(true);
    for (const entry of MINICOMPUTER.slice(5)) await answer(page, entry);
    await page.getByTestId('form-submit').click();
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => page.getByTestId('form-submit').count(), { timeout: 10_000 }).toBe(0);

    const queued = await queuedOnPhone(page);
    const checkIn = queued.find((item) => item.action.kind === 'checkIn');
    expect(checkIn).toBeDefined();
    expect(queued.filter((item) => item.action.kind === 'submitInspection')).toHaveLength(2);
    expect(new Set(queued.map((item) => item.clientId)).size).toBe(queued.length);

    // Back online: everything goes, once.
    const onlineAt = Date.now();
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 })
      .toBe('已全部发送');

    const detail = await timeline(desk, work.ticketId);
    expect(detail.ticket.state).toBe('onSite');
    for (const type of ['engineerAccepted', 'departed', 'checkedIn'])
      expect(countOf(detail.timeline, type), type).toBe(1);
    const arrived = detail.timeline.find((e) => e.type === 'checkedIn') as DeskEvent;
    // The arrival counts at the phone's time of the check-in, not at the later receipt.
    expect(arrived.at).toBe(checkIn?.recordedAt);
    expect(Date.parse(arrived.at)).toBeLessThan(onlineAt);
    expect(Date.parse(arrived.at)).toBeLessThan(Date.parse(detail.ticket.arrivalDueAt ?? ''));
    expect(arrived.data.flag).toBe('ok');

    const { visits } = await call<{
      visits: { devices: { deviceId: string; submitted: boolean; answers: Record<string, unknown> }[] }[];
    }>('GET', `/desk/contracts/${work.contractId}/inspection-visits`, desk);
    const forms = visits.flatMap((v) => v.devices);
    expect(forms.map((f) => f.submitted)).toEqual([true, true]);
    expect(forms.reduce((n, f) => n + Object.keys(f.answers).length, 0)).toBe(20);
    const minicomputer = forms.find((f) => f.deviceId === work.minicomputerId);
    expect(minicomputer?.answers.cpu).toBe(95);
    expect(minicomputer?.answers.firmware).toBe('FW860.B0');

    // The failed check opened exactly one fault ticket for the minicomputer.
    const { tickets } = await call<{ tickets: { deviceId: string }[] }>(
      'GET',
      `/desk/board?contractId=${work.contractId}`,
      desk,
    );
    expect(tickets.filter((t) => t.deviceId === work.minicomputerId)).toHaveLength(1);
    await context.close();
  }, 240_000);

  it('rides out 500s and timeouts from the server and delivers everything once when it recovers', async () => {
    const engineer = { name: '周工程师', phone: freshPhone('139') };
    const engineerId = await putOnRoster(engineer.name, engineer.phone, 'engineer');
    const work = await assignedWork(desk, engineerId);
    // No service worker here: its background sync would go around the page's interception.
    const context = await browser.newContext({
      ...PHONE,
      serviceWorkers: 'block',
      permissions: ['geolocation'],
      geolocation: AT_SITE,
    });
    const page = await context.newPage();
    await signIn(page, engineer.phone, '/field');
    await page.getByTestId('ticket-card').filter({ hasText: work.ticketNumber }).click();

    // The outbox endpoint fails six times: 500, a timeout, a batch applied whose answer is lost, 500, …
    const failures = ['500', 'timedout', 'lostAnswer', '500', 'timedout', 'lostAnswer'];
    let outboxRequests = 0;
    await page.route('**/api/field/outbox', async (route) => {
      outboxRequests += 1;
      const failure = failures.shift();
      if (failure === '500')
        await route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: '{"error":{"code":"internal"}}',
        });
      else if (failure === 'timedout') await route.abort('timedout');
      else if (failure === 'lostAnswer') {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });

    await perform(page, 'accept');
    await perform(page, 'depart');
    await page.getByTestId('action-checkIn').click();
    await page.getByTestId('checkin-distance').waitFor();
    await page.getByTestId('sheet-submit').click();
    for (const text of ['更换风扇', '清理灰尘', '复测正常'])
      await perform(page, 'note', (p) => p.getByTestId('note-text').fill(text));
    await perform(page, 'resolve');

    // Six failures in a row back off 1–2 s, 2–4 s, … up to 30–60 s (outbox.ts): up to about two minutes.
    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 150_000, interval: 1000 })
      .toBe('已全部发送');
    expect(failures).toEqual([]);
    expect(outboxRequests).toBeGreaterThan(6);

    const detail = await timeline(desk, work.ticketId);
    expect(detail.ticket.state).toBe('resolved');
    for (const type of ['engineerAccepted', 'departed', 'checkedIn', 'resolved'])
      expect(countOf(detail.timeline, type), type).toBe(1);
    expect(detail.timeline.filter((e) => e.type === 'workNote').map((e) => e.data.text)).toEqual([
      '更换风扇',
      '清理灰尘',
      '复测正常',
    ]);
    await context.close();
  }, 240_000);

  it('finishes a ticket in English: check-in without location flagged, resolve, signature, check-out; no sign-out while actions wait', async () => {
    const engineer = { name: '吴工程师', phone: freshPhone('139') };
    const engineerId = await putOnRoster(engineer.name, engineer.phone, 'engineer');
    const work = await assignedWork(desk, engineerId);
    // No geolocation permission: the check-in still goes, flagged "no position".
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await signIn(page, engineer.phone, '/field');
    await page.getByTestId('lang-switch').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await page.getByTestId('ticket-card').filter({ hasText: work.ticketNumber }).click();

    const done = async (kind: string, fill?: (p: Page) => Promise<void>) => {
      await page.getByTestId(`action-${kind}`).click();
      await fill?.(page);
      await page
        .locator('dialog[open]')
        .locator('[data-testid="dialog-confirm"], [data-testid="sheet-submit"]')
        .click();
      await expect
        .poll(() => page.getByTestId('action-message').textContent())
        .toContain('Saved on this phone');
    };
    await done('accept');
    await page.getByTestId('action-checkIn').click();
    await expect
      .poll(() => page.getByTestId('checkin-flag').textContent())
      .toContain('No location permission');
    await page.getByTestId('sheet-submit').click();
    await expect
      .poll(() => page.getByTestId('ticket-marks').textContent(), { timeout: 10_000 })
      .toContain('no position');
    await done('resolve');
    expect(await page.getByTestId('ticket-state').textContent()).toBe('Resolved, awaiting the customer');

    // The customer signs on the phone.
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('signer-name').fill('李工');
    const pad = page.getByTestId('signature');
    await expect
      .poll(() => pad.evaluate((canvas) => (canvas as HTMLCanvasElement).width))
      .toBeGreaterThan(100);
    const box = await pad.boundingBox();
    if (box === null) throw new Error('no signature pad on screen');
    await page.mouse.move(box.x + 20, box.y + 40);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1)
      await page.mouse.move(box.x + 20 + i * 20, box.y + 40 + (i % 3) * 25, { steps: 3 });
    await page.mouse.up();
    await page.getByTestId('sheet-submit').click();
    await expect
      .poll(() => page.getByTestId('ticket-state').textContent(), { timeout: 10_000 })
      .toBe('Confirmed by the customer');
    expect(await seriousViolations(page)).toEqual([]);

    // Offline, a note waits: sign-out is refused until it is sent.
    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 })
      .toBe('All sent');
    await context.setOffline(true);
    await done('note', (p) => p.getByTestId('note-text').fill('Customer asked for a report by Friday'));
    await page.getByTestId('header-sign-out').click();
    await expect
      .poll(() => page.getByTestId('sign-out-refused').textContent(), { timeout: 10_000 })
      .toContain('1 field action');
    expect(await page.getByTestId('confirm-sign-out').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 })
      .toBe('All sent');
    await done('checkOut');

    await expect
      .poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 })
      .toBe('All sent');
    const detail = await timeline(desk, work.ticketId);
    expect(detail.ticket.state).toBe('confirmed');
    const byType = (type: string) => detail.timeline.filter((e) => e.type === type);
    expect(byType('checkedIn').map((e) => e.data.flag)).toEqual(['noPosition']);
    expect(byType('customerConfirmed')).toHaveLength(1);
    expect(byType('checkedOut')).toHaveLength(1);
    expect(byType('workNote').map((e) => e.data.text)).toEqual(['Customer asked for a report by Friday']);
    await context.close();
  }, 240_000);
});
