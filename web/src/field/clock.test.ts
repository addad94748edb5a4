import { describe, expect, it } from 'vitest';
import { measureOffset, serverNow } from './clock';

describe('measureOffset', () => {
  it('is phone minus server at the middle of the round trip', () => {
    // Sent at phone 10:00:00.000, answered at 10:00:00.400; the server said 09:58:00.000 (phone 2 min fast).
    const sent = Date.parse('2026-11-25T10:00:00.000Z');
    const offset = measureOffset(sent, sent + 400, '2026-11-25T09:58:00.000Z');
    expect(offset).toBe(120_200);
  });

  it('is negative for a phone that runs slow', () => {
    const sent = Date.parse('2026-11-25T10:00:00.000Z');
    expect(measureOffset(sent, sent + 100, '2026-11-25T10:05:00.050Z')).toBe(-300_000);
  });

  it('gives nothing for an unreadable server time or a clock that went backwards', () => {
    expect(measureOffset(1000, 1200, 'not a time')).toBeNull();
    expect(measureOffset(1200, 1000, '2026-11-25T10:00:00.000Z')).toBeNull();
  });

  it('turns the phone time back into server time', () => {
    expect(serverNow(1_000_000, 120_000)).toBe(880_000);
    expect(serverNow(1_000_000, null)).toBe(1_000_000);
  });
});
