import { describe, expect, it } from 'vitest';
import { secondsLeft } from './countdown';

describe('secondsLeft', () => {
  const sentAt = Date.parse('2026-11-25T06:00:00Z');
  const resendAt = sentAt + 60_000;

  it('starts at the full wait', () => {
    expect(secondsLeft(resendAt, sentAt)).toBe(60);
  });

  it('rounds up, so the button never says 0 s while still disabled', () => {
    expect(secondsLeft(resendAt, sentAt + 59_001)).toBe(1);
    expect(secondsLeft(resendAt, sentAt + 59_999)).toBe(1);
  });

  it('is zero at and after the moment, and without a moment', () => {
    expect(secondsLeft(resendAt, resendAt)).toBe(0);
    expect(secondsLeft(resendAt, resendAt + 5000)).toBe(0);
    expect(secondsLeft(null, sentAt)).toBe(0);
  });
});
