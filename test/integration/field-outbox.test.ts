/**
 * The field outbox against DynamoDB Local: each item applied exactly once by its client id (the same
 * batch twice, overlapping batches, 50 items), in order, a rejected item not stopping the rest, illegal
 * moves and other engineers' tickets rejected, the sync snapshot, and the request limits.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignedTicket,
  call,
  type FieldSystem,
  loadFieldSystem,
  outboxItem,
  planVisits,
  sendOutbox,
  storedEvents,
  sync,
} from './field-fixtures.ts';
import { signedIn } from './intake-fixtures.ts';

describe('the field outbox', () => {
  let s: FieldSystem;
  beforeAll(async () => {
    s = await loadFieldSystem();
  });

  it('applies a batch in order, each item once; the same batch again answers duplicate and writes nothing', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const items = [
      outboxItem(s, { kind: 'accept', ticketId }),
      outboxItem(s, { kind: 'depart', ticketId }),
      outboxItem(s, { kind: 'checkIn', ticketId, position: null, positionError: 'denied' }),
      outboxItem(s, { kind: 'note', ticketId, text: '更换电源后恢复' }),
      outboxItem(s, { kind: 'part', ticketId, description: 'PSU', serialOut: 'OUT-1', serialIn: 'IN-1' }),
      outboxItem(s, { kind: 'resolve', ticketId, note: 'power restored' }),
    ];
    const first = await sendOutbox(s, k.engineer.auth, items);
    expect(first.status).toBe(200);
    expect(first.json.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('applied'));
    expect(first.json.results.map((r: { clientId: string }) => r.clientId)).toEqual(
      items.map((i) => i.clientId),
    );
    const after = await storedEvents(s, ticketId);
    expect(after.map((e) => e.type).slice(-6)).toEqual([
      'engineerAccepted',
      'departed',
      'checkedIn',
      'workNote',
      'partReplaced',
      'resolved',
    ]);

    const again = await sendOutbox(s, k.engineer.auth, items);
    expect(again.status).toBe(200);
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('duplicate'));
    expect((await storedEvents(s, ticketId)).length).toBe(after.length);
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    expect(detail.json.ticket.state).toBe('resolved');
  });

  it('overlapping batches: the items already applied answer duplicate, the new ones apply', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const a = outboxItem(s, { kind: 'note', ticketId, text: 'one' });
    const b = outboxItem(s, { kind: 'note', ticketId, text: 'two' });
    const c = outboxItem(s, { kind: 'note', ticketId, text: 'three' });
    expect(
      (await sendOutbox(s, k.engineer.auth, [a, b])).json.results.map((r: { status: string }) => r.status),
    ).toEqual(['applied', 'applied']);
    const second = await sendOutbox(s, k.engineer.auth, [b, c]);
    expect(second.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'applied']);
    const notes = (await storedEvents(s, ticketId)).filter((e) => e.type === 'workNote');
    expect(notes.map((e) => (e.data as { text: string }).text)).toEqual(['one', 'two', 'three']);
  });

  it('the same two batches at once still apply each item exactly once', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const items = Array.from({ length: 8 }, (_, i) =>
      outboxItem(s, { kind: 'note', ticketId, text: `n${i}` }),
    );
    const [x, y] = await Promise.all([
      sendOutbox(s, k.engineer.auth, items),
      sendOutbox(s, k.engineer.auth, items),
    ]);
    // A racing duplicate may be told to come back (503) but never applies anything twice.
    for (const res of [x, y]) expect([200, 503]).toContain(res.status);
    const retry = await sendOutbox(s, k.engineer.auth, items);
    expect(retry.json.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    const notes = (await storedEvents(s, ticketId)).filter((e) => e.type === 'workNote');
    expect(notes.map((e) => (e.data as { text: string }).text).sort()).toEqual(
      items.map((_, i) => `n${i}`).sort(),
    );
  });

  it('50 items in one batch, all applied once; a 51st item is a 400 with nothing written', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const items = Array.from({ length: 50 }, (_, i) =>
      outboxItem(s, { kind: 'note', ticketId, text: `item ${i}` }),
    );
    const started = performance.now();
    const res = await sendOutbox(s, k.engineer.auth, items);
    console.info(
      `50 notes (50 ticket changes) in one outbox request: ${Math.round(performance.now() - started)} ms`,
    );
    expect(res.status).toBe(200);
    expect(res.json.results.filter((r: { status: string }) => r.status === 'applied')).toHaveLength(50);
    const notes = (await storedEvents(s, ticketId)).filter((e) => e.type === 'workNote');
    expect(notes.map((e) => (e.data as { text: string }).text)).toEqual(items.map((_, i) => `item ${i}`));
    const before = (await storedEvents(s, ticketId)).length;
    const tooMany = await sendOutbox(s, k.engineer.auth, [
      ...items.map(() => outboxItem(s, { kind: 'note', ticketId, text: 'x' })),
      outboxItem(s, { kind: 'note', ticketId, text: 'x' }),
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.field).toBe('items');
    expect((await storedEvents(s, ticketId)).length).toBe(before);
  }, 120_000);

  it('a rejected item does not stop the next ones; its repeat answers the same rejection', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const illegal = outboxItem(s, { kind: 'checkOut', ticketId, reason: 'leaving' });
    const fine = outboxItem(s, { kind: 'depart', ticketId });
    const res = await sendOutbox(s, k.engineer.auth, [illegal, fine], 'zh-CN');
    expect(res.json.results[0]).toMatchObject({ status: 'rejected', code: 'conflict', field: 'action.kind' });
    expect(res.json.results[0].message).toMatch(/工单当前状态/);
    expect(res.json.results[1].status).toBe('applied');
    const again = await sendOutbox(s, k.engineer.auth, [illegal], 'en');
    expect(again.json.results[0]).toMatchObject({
      status: 'duplicate',
      code: 'conflict',
      field: 'action.kind',
    });
    expect(again.json.results[0].message).toMatch(/does not allow checkOut/);
  });

  it('illegal life-cycle moves are rejected: resolve twice, confirm before resolve, depart after check-in', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code: '123456' }),
      outboxItem(s, { kind: 'checkIn', ticketId, position: null }),
      outboxItem(s, { kind: 'depart', ticketId }),
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, { kind: 'accept', ticketId }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'applied',
      'rejected',
      'applied',
      'rejected',
      'rejected',
    ]);
  });

  it('a ticket assigned to someone else, or missing, is rejected not_found and untouched', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const other = await signedIn(s.system, k.companyId, ['engineer'], 'Engineer Wu');
    const before = (await storedEvents(s, ticketId)).length;
    const res = await sendOutbox(s, other.auth, [
      outboxItem(s, { kind: 'depart', ticketId }),
      outboxItem(s, { kind: 'depart', ticketId: 'no-such-ticket' }),
    ]);
    expect(res.status).toBe(200);
    expect(res.json.results[0]).toMatchObject({
      status: 'rejected',
      code: 'not_found',
      field: 'action.ticketId',
    });
    expect({ ...res.json.results[1], clientId: undefined }).toEqual({
      ...res.json.results[0],
      clientId: undefined,
    });
    expect((await storedEvents(s, ticketId)).length).toBe(before);
    // Nor does the other engineer see it on their phone.
    const snapshot = await sync(s, other.auth);
    expect(snapshot.json.tickets).toEqual([]);
  });

  it('sync: the assigned ticket with its site, device, contacts, timeline and check-in', async () => {
    const { k, ticketId } = await assignedTicket(s);
    await k.desk('POST', `/api/desk/contracts/${k.contractId}/contacts`, {
      name: '张经理',
      phone: '13800138000',
      role: 'IT manager',
    });
    await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'accept', ticketId }),
      outboxItem(s, {
        kind: 'checkIn',
        ticketId,
        position: { lat: 31.2301, lon: 121.4701, accuracyM: 15, fixedAt: s.clock.now().toISOString() },
      }),
    ]);
    const res = await sync(s, k.engineer.auth);
    expect(res.status).toBe(200);
    const { FieldSnapshotSchema } = await import('../../shared/field/schemas.ts');
    const snapshot = FieldSnapshotSchema.parse(res.json);
    expect(snapshot.serverTime).toBe(s.clock.now().toISOString());
    expect(snapshot.engineer).toEqual({ id: k.engineer.staffId, name: 'Engineer Li' });
    const t = snapshot.tickets.find((x) => x.id === ticketId);
    expect(t).toBeDefined();
    expect(t?.state).toBe('onSite');
    expect(t?.site).toMatchObject({ id: k.siteId, lat: 31.23, lon: 121.47, radiusM: 200 });
    expect(t?.device).toMatchObject({ id: k.deviceIds[0], category: 'firewall', model: 'SRX-3600' });
    expect(t?.contacts).toEqual([{ name: '张经理', phone: '+8613800138000', role: 'IT manager' }]);
    expect(t?.engineerAcceptedAt).not.toBeNull();
    expect(t?.checkIn).toMatchObject({ flag: 'ok', corrected: false });
    expect(t?.timeline.map((e) => e.type)).toContain('checkedIn');
    expect(snapshot.templates.map((x) => x.category).sort()).toEqual([
      'firewall',
      'mail-gateway',
      'minicomputer',
      'storage',
      'traffic-monitor',
    ]);
  });

  it("a failure that is not the item's fault stops the batch with a 503; the items before it answer duplicate later", async () => {
    const { k, ticketId } = await assignedTicket(s);
    const visits = await planVisits(k, '2026-Q3', '2026-09-30');
    const visit = visits.json.visits[0];
    // A visit whose template the server no longer knows: the store answers, the server cannot go on.
    const stored = await s.inspections.getVisitWithForms(visit.id);
    if (stored === undefined) throw new Error('visit not stored');
    await s.inspections.inspectionVisit
      .patch({ visitId: visit.id })
      .set({
        devices: (stored.visit.devices as { templateId: string }[]).map((d) => ({
          ...d,
          templateId: 'gone-v9',
        })),
      })
      .go();
    const note = outboxItem(s, { kind: 'note', ticketId, text: 'before' });
    const broken = outboxItem(s, {
      kind: 'answer',
      visitId: visit.id,
      deviceId: visit.devices[0].deviceId,
      itemId: 'cpu',
      value: 10,
    });
    const after = outboxItem(s, { kind: 'note', ticketId, text: 'after' });
    const res = await sendOutbox(s, k.engineer.auth, [note, broken, after]);
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('unavailable');
    expect(res.json.results).toEqual([{ clientId: note.clientId, status: 'applied' }]);
    const again = await sendOutbox(s, k.engineer.auth, [note, broken, after]);
    expect(again.status).toBe(503);
    expect(again.json.results).toEqual([{ clientId: note.clientId, status: 'duplicate' }]);
    const notes = (await storedEvents(s, ticketId)).filter((e) => e.type === 'workNote');
    expect(notes.map((e) => (e.data as { text: string }).text)).toEqual(['before']);
    expect(await s.field.getReceipt(k.engineer.staffId, broken.clientId)).toBeUndefined();
  });

  it('refuses without sign-in (401), desk roles (403), bad bodies (400 naming the field) and big bodies (413)', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const item = outboxItem(s, { kind: 'note', ticketId, text: 'x' });
    expect((await call(s.fieldApp, 'POST', '/api/field/outbox', {}, { items: [item] })).status).toBe(401);
    expect((await call(s.fieldApp, 'GET', '/api/field/sync', {})).status).toBe(401);
    expect((await sendOutbox(s, k.dispatcher.auth, [item])).status).toBe(403);
    const bad = await sendOutbox(s, k.engineer.auth, [{ ...item, clientId: 'not-a-uuid' }]);
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('items.0.clientId');
    const empty = await sendOutbox(s, k.engineer.auth, []);
    expect(empty.status).toBe(400);
    const big = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'note', ticketId, text: 'x'.repeat(1500) }),
      ...Array.from({ length: 45 }, () => outboxItem(s, { kind: 'note', ticketId, text: 'y'.repeat(1500) })),
    ]);
    expect(big.status).toBe(413);
    expect(await s.field.getReceipt(k.engineer.staffId, item.clientId)).toBeUndefined();
    expect(randomUUID()).toMatch(/-/);
  });
});
