/**
 * Check-in place, customer confirmation and check-out through the outbox against DynamoDB Local:
 * distance flags against the site's radius, a check-in without a fix still counting for arrival, the
 * confirmation code shown on the status page (right, wrong, too many attempts), a signature, and
 * check-out without confirmation only with a reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignedTicket,
  call,
  type FieldSystem,
  linkAuth,
  loadFieldSystem,
  outboxItem,
  sendOutbox,
  storedEvents,
  sync,
} from './field-fixtures.ts';

// The fixture site: 31.23 N, 121.47 E, check-in radius 200 m.
const SITE = { lat: 31.23, lon: 121.47 };
/** A point `metres` north of the site (one degree of latitude is about 111.2 km). */
const north = (metres: number) => ({ lat: SITE.lat + metres / 111_195, lon: SITE.lon });
const PNG = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\nsignature').toString('base64')}`;

describe('check-in, confirmation and check-out from the phone', () => {
  let s: FieldSystem;
  beforeAll(async () => {
    s = await loadFieldSystem();
  });

  async function checkInWith(
    position: { lat: number; lon: number; accuracyM: number } | null,
    error?: string,
  ) {
    const { k, ticketId, statusToken } = await assignedTicket(s);
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, {
        kind: 'checkIn',
        ticketId,
        position: position === null ? null : { ...position, fixedAt: s.clock.now().toISOString() },
        ...(error === undefined ? {} : { positionError: error }),
      }),
    ]);
    expect(res.json.results[0].status).toBe('applied');
    const event = (await storedEvents(s, ticketId)).find((e) => e.type === 'checkedIn');
    return { k, ticketId, statusToken, data: (event?.data ?? {}) as Record<string, unknown> };
  }

  it('within the radius: ok, with the distance', async () => {
    const { data } = await checkInWith({ ...north(120), accuracyM: 10 });
    expect(data.flag).toBe('ok');
    expect(data.distanceM).toBeGreaterThanOrEqual(119);
    expect(data.distanceM).toBeLessThanOrEqual(121);
  });

  it("beyond the radius plus the fix's accuracy: flagged, yet the check-in counts", async () => {
    const { k, ticketId, data } = await checkInWith({ ...north(1000), accuracyM: 50 });
    expect(data).toMatchObject({ flag: 'beyondRadius', radiusM: 200 });
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    expect(detail.json.ticket.state).toBe('onSite');
  });

  it("the fix's accuracy is granted up to 500 m, no more", async () => {
    expect((await checkInWith({ ...north(300), accuracyM: 150 })).data.flag).toBe('ok');
    expect((await checkInWith({ ...north(800), accuracyM: 5000 })).data.flag).toBe('beyondRadius');
  });

  it('without a position (permission denied): noPosition, and the arrival is met', async () => {
    const { k, ticketId, data } = await checkInWith(null, 'denied');
    expect(data).toMatchObject({ flag: 'noPosition', positionError: 'denied', distanceM: null });
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    expect(detail.json.ticket.breachAt).toBe(detail.json.ticket.resolutionDueAt);
    const t = (await sync(s, k.engineer.auth)).json.tickets.find((x: { id: string }) => x.id === ticketId);
    expect(t.checkIn).toMatchObject({ flag: 'noPosition', position: null, positionError: 'denied' });
  });

  it('confirmation code: shown on the status page once resolved; a wrong one is rejected, the right one confirms', async () => {
    const { k, ticketId, statusToken } = await checkInWith({ ...north(10), accuracyM: 10 });
    const before = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(statusToken));
    expect(before.json.confirmationCode).toBeNull();
    await sendOutbox(s, k.engineer.auth, [outboxItem(s, { kind: 'resolve', ticketId })]);
    const status = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(statusToken));
    const code: string = status.json.confirmationCode;
    expect(code).toMatch(/^\d{6}$/);
    // The engineer's phone never gets it: it must come from the customer.
    const snapshot = await sync(s, k.engineer.auth);
    expect(snapshot.text).not.toContain(code);

    const wrong = code === '000000' ? '111111' : '000000';
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code: wrong }),
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code }),
    ]);
    expect(res.json.results[0]).toMatchObject({
      status: 'rejected',
      code: 'bad_request',
      field: 'action.code',
    });
    expect(res.json.results[0].message).toMatch(/4 attempts left/);
    expect(res.json.results[1].status).toBe('applied');
    const detail = await k.desk('GET', `/api/desk/tickets/${ticketId}`);
    expect(detail.json.ticket.state).toBe('confirmed');
    const after = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(statusToken));
    expect(after.json.confirmationCode).toBeNull();
    const t = (await sync(s, k.engineer.auth)).json.tickets.find((x: { id: string }) => x.id === ticketId);
    expect(t.confirmation).toMatchObject({ method: 'code', signerName: null });
  });

  it('confirmation code: after 5 wrong entries even the right code is refused, and the page stops showing it', async () => {
    const { k, ticketId, statusToken } = await checkInWith({ ...north(10), accuracyM: 10 });
    await sendOutbox(s, k.engineer.auth, [outboxItem(s, { kind: 'resolve', ticketId })]);
    const code: string = (await call(s.publicApp, 'GET', '/api/public/status', linkAuth(statusToken))).json
      .confirmationCode;
    const wrong = code === '000000' ? '111111' : '000000';
    const attempts = Array.from({ length: 5 }, () =>
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code: wrong }),
    );
    const res = await sendOutbox(s, k.engineer.auth, [
      ...attempts,
      outboxItem(s, { kind: 'confirm', ticketId, method: 'code', code }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('rejected'));
    expect(res.json.results[4].code).toBe('rate_limited');
    expect(res.json.results[5]).toMatchObject({ code: 'rate_limited', field: 'action.code' });
    expect((await s.field.getConfirmationCode(ticketId))?.attempts).toBe(5);
    // The same wrong entries sent again count nothing more.
    const again = await sendOutbox(s, k.engineer.auth, attempts);
    expect(again.json.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect((await s.field.getConfirmationCode(ticketId))?.attempts).toBe(5);
    const status = await call(s.publicApp, 'GET', '/api/public/status', linkAuth(statusToken));
    expect(status.json).toMatchObject({ state: 'resolved', confirmationCode: null, canConfirm: true });
  });

  it('a signature confirms and is stored; check-out after it needs no reason and is not flagged', async () => {
    const { k, ticketId } = await checkInWith({ ...north(10), accuracyM: 10 });
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, {
        kind: 'confirm',
        ticketId,
        method: 'signature',
        signerName: '王工',
        signaturePng: PNG,
      }),
      outboxItem(s, { kind: 'checkOut', ticketId }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    const signatures = await s.field.signaturesOfTicket(ticketId);
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ signerName: '王工', png: PNG });
    const onDesk = await k.desk('GET', `/api/desk/tickets/${ticketId}/signatures`);
    expect(onDesk.json.signatures).toEqual([
      {
        signatureId: res.json.results[1].clientId,
        signerName: '王工',
        png: PNG,
        createdAt: expect.any(String),
      },
    ]);
    const confirmed = (await storedEvents(s, ticketId)).find((e) => e.type === 'customerConfirmed');
    expect(confirmed?.data).toMatchObject({ method: 'signature', signatureId: res.json.results[1].clientId });
    const checkedOut = (await storedEvents(s, ticketId)).find((e) => e.type === 'checkedOut');
    expect(checkedOut?.data).toMatchObject({ flagged: false });
    // Checked out and confirmed: no longer on the phone.
    const snapshot = await sync(s, k.engineer.auth);
    expect(snapshot.json.tickets.some((x: { id: string }) => x.id === ticketId)).toBe(false);
    // A second check-out is refused.
    const twice = await sendOutbox(s, k.engineer.auth, [outboxItem(s, { kind: 'checkOut', ticketId })]);
    expect(twice.json.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
  });

  it('a signature that is not a PNG data URL is a 400 naming the field, with nothing written', async () => {
    const { k, ticketId } = await checkInWith(null);
    await sendOutbox(s, k.engineer.auth, [outboxItem(s, { kind: 'resolve', ticketId })]);
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, {
        kind: 'confirm',
        ticketId,
        method: 'signature',
        signerName: 'x',
        signaturePng: 'data:image/jpeg;base64,AAAA',
      }),
    ]);
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('items.0.action.signaturePng');
    expect(await s.field.signaturesOfTicket(ticketId)).toEqual([]);
  });

  it('check-out without the customer confirmation: refused without a reason, flagged with one', async () => {
    const { k, ticketId } = await checkInWith(null);
    const res = await sendOutbox(s, k.engineer.auth, [
      outboxItem(s, { kind: 'checkOut', ticketId, reason: 'too early' }),
      outboxItem(s, { kind: 'resolve', ticketId }),
      outboxItem(s, { kind: 'checkOut', ticketId }),
      outboxItem(s, { kind: 'checkOut', ticketId, reason: '客户负责人不在现场' }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'applied',
      'rejected',
      'applied',
    ]);
    expect(res.json.results[2]).toMatchObject({ code: 'bad_request', field: 'action.reason' });
    const checkedOut = (await storedEvents(s, ticketId)).find((e) => e.type === 'checkedOut');
    expect(checkedOut).toMatchObject({ reason: '客户负责人不在现场', data: { flagged: true } });
    // The report clock starts at check-out: the ticket has a wake-up again.
    expect((await s.tickets.getTicket(ticketId))?.nextWakeAt).toBeDefined();
  });
});
