/**
 * Generated bad outbox bodies through the real field app and DynamoDB Local: never a 5xx, always a 4xx
 * naming the field (400) or refusing the size (413), and nothing written — no receipt for any client id
 * in the body, the ticket, its timeline and the visit's forms unchanged.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutboxBodySchema } from '../../shared/field/schemas.ts';
import {
  assignedTicket,
  call,
  type FieldSystem,
  loadFieldSystem,
  outboxItem,
  planVisits,
} from './field-fixtures.ts';

const RUNS = 300;

/** Whether a text is a body the shared schema refuses (a generator can hit a valid one). */
function refused(text: string): boolean {
  try {
    return !OutboxBodySchema.safeParse(JSON.parse(text)).success;
  } catch {
    return true;
  }
}

describe('bad outbox bodies', () => {
  let s: FieldSystem;
  let auth: Record<string, string>;
  let staffId: string;
  let ticketId: string;
  let visitId: string;
  let deviceId: string;

  beforeAll(async () => {
    s = await loadFieldSystem();
    const t = await assignedTicket(s);
    auth = t.k.engineer.auth;
    staffId = t.k.engineer.staffId;
    ticketId = t.ticketId;
    deviceId = t.k.deviceIds[0] as string;
    const visits = await planVisits(t.k);
    visitId = visits.json.visits[0].id;
  });

  function validItems() {
    return [
      outboxItem(s, { kind: 'accept', ticketId }),
      outboxItem(s, { kind: 'depart', ticketId }),
      outboxItem(s, {
        kind: 'checkIn',
        ticketId,
        position: { lat: 31.23, lon: 121.47, accuracyM: 12, fixedAt: s.clock.now().toISOString() },
      }),
      outboxItem(s, { kind: 'note', ticketId, text: 'note' }),
      outboxItem(s, { kind: 'part', ticketId, description: 'PSU', serialOut: 'A', serialIn: 'B' }),
      outboxItem(s, { kind: 'standby', ticketId, description: 'spare', serial: 'S' }),
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code: '123456' }),
      outboxItem(s, {
        kind: 'confirm',
        ticketId,
        method: 'signature',
        signerName: 'W',
        signaturePng: 'data:image/png;base64,AAAA',
      }),
      outboxItem(s, { kind: 'checkOut', ticketId, reason: 'r' }),
      outboxItem(s, { kind: 'answer', visitId, deviceId, itemId: 'cpu', value: 12 }),
      outboxItem(s, { kind: 'submitInspection', visitId, deviceId }),
    ];
  }

  function badBodies() {
    const items = validItems();
    const junk = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 3 }),
    );
    const anItem = fc.constantFrom(...items);
    const itemField = fc.constantFrom('clientId', 'recordedAt', 'clockOffsetMs', 'action');
    const actionField = fc.constantFrom(
      'kind',
      'ticketId',
      'position',
      'text',
      'serialIn',
      'code',
      'method',
      'signaturePng',
      'visitId',
      'itemId',
      'value',
      'reason',
    );
    // A batch whose n-th item is bad and the others good: nothing of it may be applied.
    const inBatch = (bad: fc.Arbitrary<unknown>) =>
      fc
        .tuple(fc.array(anItem, { maxLength: 4 }), bad, fc.array(anItem, { maxLength: 4 }))
        .map(([before, item, after]) =>
          JSON.stringify({
            items: [...before, item, ...after].map((x) =>
              x === item ? x : { ...(x as object), clientId: randomUUID() },
            ),
          }),
        );
    return fc
      .oneof(
        // one field of an item replaced by junk, or missing
        inBatch(fc.tuple(anItem, itemField, junk).map(([i, f, v]) => ({ ...i, [f]: v }))),
        inBatch(
          fc.tuple(anItem, itemField).map(([i, f]) => {
            const { [f as keyof typeof i]: _gone, ...rest } = i;
            return rest;
          }),
        ),
        // one field of the action replaced by junk, or an unknown one added
        inBatch(
          fc.tuple(anItem, actionField, junk).map(([i, f, v]) => ({ ...i, action: { ...i.action, [f]: v } })),
        ),
        inBatch(
          fc
            .tuple(anItem, fc.string({ minLength: 1, maxLength: 12 }))
            .map(([i, f]) => ({ ...i, action: { ...i.action, [`x${f}`]: 1 } })),
        ),
        // bad times and offsets, bad check-in positions, bad codes
        inBatch(fc.tuple(anItem, fc.string({ maxLength: 30 })).map(([i, t]) => ({ ...i, recordedAt: t }))),
        inBatch(
          fc
            .tuple(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1, max: 1e6 }))
            .filter(([lat, acc]) => Math.abs(lat) > 90 || acc < 0)
            .map(([lat, accuracyM]) => ({
              ...validItems()[2],
              action: {
                kind: 'checkIn',
                ticketId,
                position: { lat, lon: 0, accuracyM, fixedAt: '2026-11-25T02:00:00Z' },
              },
            })),
        ),
        inBatch(
          fc.string({ maxLength: 8 }).map((code) => ({
            ...validItems()[7],
            action: { kind: 'confirm', ticketId, method: 'code', code },
          })),
        ),
        // too many items, none, not a list, not an object, not JSON
        fc.constant(JSON.stringify({ items: Array.from({ length: 51 }, () => validItems()[3]) })),
        fc.constant(JSON.stringify({ items: [] })),
        junk.map((items) => JSON.stringify({ items })),
        fc.anything().map((v) => JSON.stringify(v)),
        fc.string().filter((text) => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        }),
      )
      .filter(refused);
  }

  async function footprint() {
    const loaded = await s.tickets.getTicketWithTimeline(ticketId);
    const visit = await s.inspections.getVisitWithForms(visitId);
    return JSON.stringify([
      loaded?.ticket.version,
      loaded?.events.length,
      visit?.visit.version,
      visit?.forms,
    ]);
  }

  it(`POST /api/field/outbox: ${RUNS} bad bodies, no 5xx, nothing written`, async () => {
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(badBodies(), async (body) => {
        const res = await call(
          s.fieldApp,
          'POST',
          '/api/field/outbox',
          { ...auth, 'content-type': 'application/json' },
          body,
        );
        expect([400, 413]).toContain(res.status);
        if (res.status === 400) expect(typeof res.json.error.field).toBe('string');
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        const list = (parsed as { items?: unknown } | null)?.items;
        for (const item of Array.isArray(list) ? list : []) {
          const id = (item as { clientId?: unknown } | null)?.clientId;
          if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
            expect(await s.field.getReceipt(staffId, id)).toBeUndefined();
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(await footprint()).toBe(before);
  }, 300_000);
});
