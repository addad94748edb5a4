import { describe, expect, it } from 'vitest';
import { proposeFaultLevel } from './levels.ts';
import { IllegalTransitionError, nextState } from './lifecycle.ts';
import { formatTicketNumber, parseTicketNumber } from './number.ts';
import { IntakeBodySchema } from './schemas.ts';

const no = { serviceDown: false, businessInterrupted: false, dataLost: false };

describe('proposeFaultLevel', () => {
  it('proposes level 1 when any of the plan three questions is yes', () => {
    expect(proposeFaultLevel({ ...no, serviceDown: true })).toBe(1);
    expect(proposeFaultLevel({ ...no, businessInterrupted: true, degraded: true })).toBe(1);
    expect(proposeFaultLevel({ ...no, dataLost: true })).toBe(1);
  });
  it('proposes 2 for a degraded service and 3 otherwise', () => {
    expect(proposeFaultLevel({ ...no, degraded: true })).toBe(2);
    expect(proposeFaultLevel(no)).toBe(3);
  });
});

describe('ticket life cycle', () => {
  it('goes new → assigned → onSite → resolved → confirmed → closed', () => {
    let t = { state: 'new' as const, paused: false } as ReturnType<typeof nextState>;
    for (const [command, state] of [
      ['assign', 'assigned'],
      ['checkIn', 'onSite'],
      ['resolve', 'resolved'],
      ['confirm', 'confirmed'],
      ['close', 'closed'],
    ] as const) {
      t = nextState(t, command);
      expect(t.state).toBe(state);
    }
  });
  it('pauses and resumes without changing the state, once each', () => {
    const paused = nextState({ state: 'assigned', paused: false }, 'pause');
    expect(paused).toEqual({ state: 'assigned', paused: true });
    expect(() => nextState(paused, 'pause')).toThrow(IllegalTransitionError);
    expect(() => nextState(paused, 'depart')).toThrow(IllegalTransitionError);
    expect(nextState(paused, 'resume')).toEqual({ state: 'assigned', paused: false });
  });
  it('names an illegal move', () => {
    expect(() => nextState({ state: 'new', paused: false }, 'confirm')).toThrow(
      'a ticket in state new does not take confirm',
    );
    expect(() => nextState({ state: 'closed', paused: false }, 'close')).toThrow(IllegalTransitionError);
  });
});

describe('ticket numbers', () => {
  it('reads SC-YYYY-NNNNNN both ways and widens instead of wrapping', () => {
    expect(formatTicketNumber(2026, 123)).toBe('SC-2026-000123');
    expect(formatTicketNumber(2026, 1_234_567)).toBe('SC-2026-1234567');
    expect(parseTicketNumber('SC-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseTicketNumber('SC-26-1')).toBeUndefined();
  });
});

describe('IntakeBodySchema', () => {
  const body = {
    deviceId: 'dev1',
    description: '防火墙无法访问',
    answers: no,
    contactName: '王工',
    contactPhone: '13912345678',
    idempotencyKey: '0b5c8a7e-3f1d-4d7a-9a43-2d8e0f6b1c22',
  };
  it('normalises the phone to E.164 and refuses a filled honeypot', () => {
    expect(IntakeBodySchema.parse(body).contactPhone).toBe('+8613912345678');
    expect(IntakeBodySchema.safeParse({ ...body, website: 'http://spam' }).success).toBe(false);
  });
});
