import { describe, expect, it } from 'vitest';
import type { QueuedItem } from './db';
import { RETRY_CAP_MS, retryDelayMs, settle, takeBatch } from './outbox';

const item = (n: number, text = 'x'): QueuedItem => ({
  seq: n,
  clientId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  recordedAt: '2026-11-25T03:00:00.000Z',
  clockOffsetMs: null,
  action: { kind: 'note', ticketId: 'tkt-1', text },
});

describe('takeBatch', () => {
  it('takes the oldest items first, in order, at most 50', () => {
    const items = Array.from({ length: 120 }, (_, i) => item(i + 1));
    const batch = takeBatch(items);
    expect(batch).toHaveLength(50);
    expect(batch.map((each) => each.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('stops before the body would pass 64 KB, keeping the order', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, 'x'.repeat(20_000)));
    const batch = takeBatch(items);
    expect(batch.map((each) => each.seq)).toEqual([1, 2, 3]);
    expect(JSON.stringify({ items: batch }).length).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends an oversized first item alone rather than stalling the queue', () => {
    const batch = takeBatch([item(1, 'x'.repeat(70_000)), item(2)]);
    expect(batch.map((each) => each.seq)).toEqual([1]);
  });
});

describe('settle', () => {
  it('removes applied, duplicate and rejected items and keeps the ones the answer left out', () => {
    const batch = [item(1), item(2), item(3), item(4)];
    const outcome = settle(batch, [
      { clientId: batch[0]?.clientId ?? '', status: 'applied' },
      { clientId: batch[1]?.clientId ?? '', status: 'duplicate' },
      { clientId: batch[2]?.clientId ?? '', status: 'rejected', code: 'conflict', message: 'ticket closed' },
    ]);
    expect(outcome.done.map((each) => each.seq)).toEqual([1, 2, 3]);
    expect(outcome.rejected.map((each) => [each.item.seq, each.result.message])).toEqual([
      [3, 'ticket closed'],
    ]);
    expect(outcome.unanswered.map((each) => each.seq)).toEqual([4]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 2 s with jitter between half and all of the step', () => {
    expect(retryDelayMs(1, 0)).toBe(1_000);
    expect(retryDelayMs(1, 0.999_999)).toBe(2_000);
    expect(retryDelayMs(3, 0)).toBe(4_000);
    expect(retryDelayMs(3, 0.5)).toBe(6_000);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    for (const attempt of [6, 7, 20, 1000]) {
      expect(retryDelayMs(attempt, 0.999_999)).toBeLessThanOrEqual(RETRY_CAP_MS);
      expect(retryDelayMs(attempt, 0)).toBe(RETRY_CAP_MS / 2);
    }
  });
});
