/**
 * What the desk's ticket detail (`GET /api/desk/tickets/:id`) returns of the field work, against DynamoDB
 * Local: tickets driven through the engineer's outbox, then read as the desk reads them (parsed with the
 * schema the page parses with). The check-in's place and flag, the phone's time against the server's
 * receipt and its correction, notes, parts, standby units, the signature's reference (the image itself
 * only from the signatures route), a flagged check-out; who may read them; and that none of it is logged.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SignatureListSchema } from '../../shared/field/schemas.ts';
import { type TicketDetail, TicketDetailSchema, type TicketEventView } from '../../shared/tickets/schemas.ts';
import {
  assignedTicket,
  call,
  type FieldSystem,
  loadFieldSystem,
  outboxItem,
  seedContract,
  sendOutbox,
} from './field-fixtures.ts';

// The fixture site: 31.23 N, 121.47 E, check-in radius 200 m.
const SITE = { lat: 31.23, lon: 121.47 };
const north = (metres: number) => ({ lat: SITE.lat + metres / 111_195, lon: SITE.lon });
const PNG = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\ndesk-field-signature').toString('base64')}`;
const MIN = 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

function only(detail: TicketDetail, type: string): TicketEventView {
  const found = detail.timeline.filter((e) => e.type === type);
  expect(found, type).toHaveLength(1);
  return found[0] as TicketEventView;
}

describe('the desk sees what the engineer recorded in the field', () => {
  let s: FieldSystem;
  const logged: string[] = [];
  beforeAll(async () => {
    s = await loadFieldSystem('2026-11-26T01:00:00.000Z');
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
    }
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('a check-in beyond the radius on a fast phone clock, notes, parts, standby, a signature: all on the desk', async () => {
    const { k, ticketId } = await assignedTicket(s);
    const fast = 5 * MIN; // the phone's clock runs 5 minutes ahead, as measured at its last sync
    const phoneNow = () => iso(s.clock.now().getTime() + fast);

    s.clock.advance(10 * MIN);
    const departedAt = s.clock.now().getTime();
    const first = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'depart', ticketId }, { recordedAt: phoneNow(), clockOffsetMs: fast }),
    ]);
    expect(first.json.results[0].status).toBe('applied');

    s.clock.advance(40 * MIN);
    const checkInAt = s.clock.now().getTime();
    const position = { ...north(1000), accuracyM: 25, fixedAt: phoneNow() };
    const signatureItem = outboxItem(s, {
      kind: 'confirm',
      ticketId,
      method: 'signature',
      signerName: '王经理',
      signaturePng: PNG,
    });
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'checkIn', ticketId, position }, { recordedAt: phoneNow(), clockOffsetMs: fast }),
      outboxItem(s, { kind: 'note', ticketId, text: '电源风扇异响' }),
      outboxItem(s, {
        kind: 'part',
        ticketId,
        description: '电源模块',
        serialOut: 'PSU-OLD-1',
        serialIn: 'PSU-NEW-2',
      }),
      outboxItem(s, { kind: 'standby', ticketId, description: '备用交换机', serial: 'SB-0042' }),
      outboxItem(s, { kind: 'resolve', ticketId, note: '更换电源后恢复' }),
      signatureItem,
      outboxItem(s, { kind: 'checkOut', ticketId }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(Array(7).fill('applied'));

    const got = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    expect(got.status).toBe(200);
    const detail = TicketDetailSchema.parse(got.json);
    expect(detail.ticket.state).toBe('confirmed');

    // The phone's 5 minutes ahead are taken off: the event's time is the server's, and says so.
    const expectTakenOff = (event: { at: string; timing?: unknown }, receivedAt: number) => {
      expect(event.at).toBe(iso(receivedAt));
      expect(event.timing).toEqual({
        recordedAt: iso(receivedAt + fast),
        receivedAt: iso(receivedAt),
        clockOffsetMs: fast,
        corrected: true,
      });
    };
    const departed = only(detail, 'departed');
    expectTakenOff(departed, departedAt);
    expect(departed.data.corrections).toEqual(['clockOffset']);

    const checkedIn = only(detail, 'checkedIn');
    expectTakenOff(checkedIn, checkInAt);
    expect(checkedIn.data).toMatchObject({
      flag: 'beyondRadius',
      radiusM: 200,
      positionError: null,
      position: { accuracyM: 25 },
      corrections: ['clockOffset'],
    });
    expect(checkedIn.data.distanceM).toBeGreaterThanOrEqual(999);
    expect(checkedIn.data.distanceM).toBeLessThanOrEqual(1001);

    // Sent with the server's time (offset 0): used as sent, not corrected.
    const note = only(detail, 'workNote');
    expect(note.data.text).toBe('电源风扇异响');
    expect(note.timing).toMatchObject({ clockOffsetMs: 0, corrected: false });
    expect(only(detail, 'partReplaced').data).toMatchObject({
      description: '电源模块',
      serialOut: 'PSU-OLD-1',
      serialIn: 'PSU-NEW-2',
    });
    expect(only(detail, 'standbyLent').data).toMatchObject({ description: '备用交换机', serial: 'SB-0042' });
    expect(only(detail, 'resolved').data.note).toBe('更换电源后恢复');

    // The detail names the signature; the image comes only from the signatures route.
    const confirmed = only(detail, 'customerConfirmed');
    expect(confirmed.data).toMatchObject({
      method: 'signature',
      signerName: '王经理',
      signatureId: signatureItem.clientId,
    });
    expect(got.text).not.toContain(PNG.slice('data:image/png;base64,'.length));
    const signatures = SignatureListSchema.parse(
      (await k.desk('GET', `/api/desk/tickets/${ticketId}/signatures`)).json,
    ).signatures;
    expect(signatures.map((x) => [x.signatureId, x.signerName, x.png])).toEqual([
      [signatureItem.clientId, '王经理', PNG],
    ]);

    expect(only(detail, 'checkedOut').data.flagged).toBe(false);
    // The check-in's flag is also a mark of the ticket, on its page and on the board.
    expect(detail.ticket.alerts?.checkIn).toBe('beyondRadius');
    const board = await k.desk('GET', '/api/desk/board');
    const row = board.json.tickets.find((t: { ticketId: string }) => t.ticketId === ticketId);
    expect(row.alerts).toMatchObject({ checkIn: 'beyondRadius' });
    // The desk's own events carry no phone timing.
    expect(only(detail, 'assigned').timing).toBeUndefined();

    // Who reads it: the company's desk only. The engineer (not a desk role) is refused the desk's
    // routes; another company's dispatcher gets the same 404 as for a missing ticket.
    for (const path of [`/api/desk/tickets/${ticketId}`, `/api/desk/tickets/${ticketId}/signatures`]) {
      expect((await call(s.deskApp, 'GET', path, k.engineer.auth)).status).toBe(403);
    }
    const other = await seedContract(s, 'A');
    for (const path of [`/api/desk/tickets/${ticketId}`, `/api/desk/tickets/${ticketId}/signatures`]) {
      const answer = await other.desk('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('王经理');
    }
  });

  it('a late check-in without a position and a check-out without confirmation: flagged, with the reason', async () => {
    const { k, ticketId } = await assignedTicket(s);
    s.clock.advance(30 * MIN);
    const recorded = s.clock.now().getTime();
    // Sent 12 minutes later (no signal on site): the phone's time stands, the receipt is later.
    s.clock.advance(12 * MIN);
    const received = s.clock.now().getTime();
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(
        s,
        { kind: 'checkIn', ticketId, position: null, positionError: 'timeout' },
        { recordedAt: iso(recorded), clockOffsetMs: 20_000 },
      ),
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, { kind: 'checkOut', ticketId, reason: '客户负责人不在现场' }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);

    const detail = TicketDetailSchema.parse((await k.desk('GET', `/api/desk/tickets/${ticketId}`)).json);
    const checkedIn = only(detail, 'checkedIn');
    expect(checkedIn.at).toBe(iso(recorded));
    expect(checkedIn.timing).toEqual({
      recordedAt: iso(recorded),
      receivedAt: iso(received),
      clockOffsetMs: 20_000,
      corrected: false,
    });
    expect(checkedIn.data).toMatchObject({
      flag: 'noPosition',
      position: null,
      positionError: 'timeout',
      distanceM: null,
      corrections: [],
    });
    const checkedOut = only(detail, 'checkedOut');
    expect(checkedOut.reason).toBe('客户负责人不在现场');
    expect(checkedOut.data.flagged).toBe(true);
    expect(detail.ticket.state).toBe('resolved');
    expect(detail.ticket.alerts?.checkIn).toBe('noPosition');
    const board = await k.desk('GET', '/api/desk/board');
    const row = board.json.tickets.find((t: { ticketId: string }) => t.ticketId === ticketId);
    expect(row.alerts).toMatchObject({ checkIn: 'noPosition' });
  });

  it('logs neither a position nor a signature image', () => {
    const joined = logged.join('\n');
    expect(joined).not.toContain(PNG.slice('data:image/png;base64,'.length));
    expect(joined).not.toContain(String(north(1000).lat).slice(0, 8));
    expect(joined).not.toContain('王经理');
  });
});
