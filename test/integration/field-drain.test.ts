/**
 * A phone's whole queue drained through the outbox against DynamoDB Local: one visit of 60 firewalls,
 * 10 answers and a submission per form (660 items) in batches of 50 as the PWA sends them, a batch sent
 * twice on the way — every form complete on the server, every item answered once, nothing doubled. The
 * time is logged (the offline-drain bench measures the same through the PWA).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FieldSystem,
  importDevices,
  loadFieldSystem,
  outboxItem,
  planVisits,
  seedContract,
  sendOutbox,
} from './field-fixtures.ts';

const FORMS = 60;
const ANSWERS: [string, unknown][] = [
  ['ha-state', 'active-standby'],
  ['sessions', 52_000],
  ['cpu', 31],
  ['memory', 44],
  ['ips-signature-date', '2026-11-20'],
  ['ips-signature-current', true],
  ['interfaces', true],
  ['logs', true],
  ['config-backup', true],
  ['remarks', '正常'],
];

describe('draining a full outbox', () => {
  let s: FieldSystem;
  beforeAll(async () => {
    s = await loadFieldSystem();
  });

  it(`${FORMS} forms × (10 answers + submit), batches of 50, one batch twice: all applied exactly once`, async () => {
    const k = await seedContract(s, 'B');
    const csv = [
      'category,model,quantity,unit,notes,service_months',
      `firewall,Hillstone,${FORMS - 2},台,,12`,
    ].join('\n');
    await importDevices(k, csv);
    const created = await planVisits(k);
    const visit = created.json.visits[0];
    expect(visit.devices).toHaveLength(FORMS);
    const queue = visit.devices.flatMap((d: { deviceId: string }) => [
      ...ANSWERS.map(([itemId, value]) =>
        outboxItem(s, { kind: 'answer', visitId: visit.id, deviceId: d.deviceId, itemId, value }),
      ),
      outboxItem(s, { kind: 'submitInspection', visitId: visit.id, deviceId: d.deviceId }),
    ]);

    const answered = new Map<string, string>();
    let duplicates = 0;
    const started = performance.now();
    let pending = [...queue];
    let resent = false;
    while (pending.length > 0) {
      const batch = pending.slice(0, 50);
      const res = await sendOutbox(s, k.engineer.auth, batch);
      expect([200, 503]).toContain(res.status);
      for (const r of res.json.results as { clientId: string; status: string }[]) {
        if (r.status === 'duplicate') duplicates++;
        else answered.set(r.clientId, r.status);
      }
      if (!resent && answered.size >= 200) {
        // The phone lost an answer: it sends the same batch again.
        resent = true;
        const again = await sendOutbox(s, k.engineer.auth, batch);
        expect(again.json.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
        duplicates += again.json.results.length;
      }
      const done = new Set((res.json.results as { clientId: string }[]).map((r) => r.clientId));
      pending = pending.filter((item) => !done.has(item.clientId));
    }
    const ms = performance.now() - started;
    console.info(
      `drain: ${queue.length} items (${FORMS} forms) in ${Math.round(ms)} ms, ${Math.round((queue.length / ms) * 1000)} items/s`,
    );
    expect(answered.size).toBe(queue.length);
    expect([...answered.values()].every((status) => status === 'applied')).toBe(true);
    expect(duplicates).toBe(50);

    const stored = await s.inspections.getVisitWithForms(visit.id);
    expect(stored?.visit.state).toBe('submitted');
    expect(stored?.forms).toHaveLength(FORMS);
    for (const form of stored?.forms ?? []) {
      expect(form.submitted).toBe(true);
      expect(Object.keys(form.answers as object)).toHaveLength(ANSWERS.length);
    }
    // Nothing failed: no fault ticket was opened.
    const board = await k.desk('GET', '/api/desk/board');
    expect(board.json.tickets).toEqual([]);
  }, 300_000);
});
