import { beforeAll, describe, expect, it, vi } from 'vitest';
import { maskPhone } from '../../functions/sms/port.ts';
import { loadSystem, type System, uniqueCompany, uniquePhone } from './auth-fixtures.ts';

describe('local SMS outbox', () => {
  let system: System;
  let Recipient: typeof import('../../functions/sms/recipient.ts').Recipient;
  beforeAll(async () => {
    system = await loadSystem();
    ({ Recipient } = await import('../../functions/sms/recipient.ts'));
  });

  async function member() {
    const created = await system.staff.createStaff(
      { name: 'Wang Wei', phone: uniquePhone(), roles: ['engineer'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    const stored = await system.staff.getStaff(created.staffId);
    if (stored === undefined) throw new Error('staff not stored');
    return stored;
  }

  it('keeps each message, prints one line, and lists them newest first', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const first = await member();
    const second = await member();
    const port = system.outbox.createLocalOutboxPort(() => new Date('2099-01-01T00:00:00.000Z'));
    const later = system.outbox.createLocalOutboxPort(() => new Date('2099-01-01T00:00:05.000Z'));

    await port.send({
      to: Recipient.fromStaff(first),
      template: 'signInCode',
      params: { code: '111111' },
      lang: 'en',
    });
    const { providerMessageId } = await later.send({
      to: Recipient.fromStaff(second),
      template: 'signInCode',
      params: { code: '222222' },
      lang: 'zh-CN',
    });

    expect(providerMessageId).toMatch(/^local-/);
    expect(log).toHaveBeenCalledWith(
      `[sms outbox] to ${maskPhone(first.phone)}: [Sitecall] Sign-in code 111111. Valid 5 min. Never share it.`,
    );
    log.mockRestore();
    const listed = await system.outbox.listOutbox(2);
    expect(listed.map((m) => m.to)).toEqual([second.phone, first.phone]);
    expect(listed[0]?.text).toContain('222222');
  });

  it('serves the list at /dev/outbox as HTML without script, or as JSON', async () => {
    const app = system.outbox.createOutboxApp();
    const html = await app.request('/dev/outbox');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('SMS outbox');
    expect(page).not.toContain('<script');
    const json = await app.request('/dev/outbox?format=json');
    const body = (await json.json()) as { messages: { text: string }[] };
    expect(body.messages.length).toBeGreaterThan(0);
  });

  it('is part of no audience app, so it is never deployed', async () => {
    for (const app of [system.auth.app, system.desk.app, system.publicAudience.app, system.field.app]) {
      const res = await app.request('/dev/outbox');
      expect(res.status).toBe(404);
    }
  });
});

describe('SMS recipients', () => {
  let system: System;
  let Recipient: typeof import('../../functions/sms/recipient.ts').Recipient;
  beforeAll(async () => {
    system = await loadSystem();
    ({ Recipient } = await import('../../functions/sms/recipient.ts'));
  });

  it('come from a roster record read from the table, never from a number in a request', async () => {
    const forged = {
      staffId: 'x',
      companyId: 'c',
      name: 'typed into a form',
      phone: '+8613900000000',
      roles: ['engineer'] as const,
      active: true,
      createdAt: '',
      updatedAt: '',
      version: 1,
    };
    expect(() => Recipient.fromStaff(forged as never)).toThrow(/not a roster record/);
    expect(() =>
      Recipient.fromContractContact({ contractId: 'k', name: 'n', phone: '+8613900000000' } as never),
    ).toThrow(/not a contact record/);
  });

  it('must be active staff', async () => {
    const created = await system.staff.createStaff(
      { name: 'Zhao Lei', phone: uniquePhone(), roles: ['engineer'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    await system.entities.staff.patch({ staffId: created.staffId }).set({ active: false }).go();
    const stored = await system.staff.getStaff(created.staffId);
    expect(() => Recipient.fromStaff(stored as never)).toThrow(/not active/);
  });
});
