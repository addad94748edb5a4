import { describe, expect, it } from 'vitest';
import { OutboxResponseSchema } from '../../../shared/field/schemas.ts';
import { parseOutboxAnswer } from './worker-flush';

describe('parseOutboxAnswer (the service worker’s check of the outbox answer)', () => {
  it('reads what the shared schema reads', () => {
    const body = {
      serverTime: '2026-11-25T03:00:00.000Z',
      results: [
        { clientId: 'a', status: 'applied' },
        {
          clientId: 'b',
          status: 'rejected',
          code: 'conflict',
          field: 'action.code',
          message: '确认码不正确',
        },
      ],
    };
    expect(parseOutboxAnswer(body)).toEqual(OutboxResponseSchema.parse(body));
  });

  it('refuses what the shared schema refuses', () => {
    for (const body of [
      null,
      { results: [] },
      { serverTime: 'x', results: [{ clientId: 'a', status: 'lost' }] },
      { serverTime: 'x', results: [{ status: 'applied' }] },
    ]) {
      expect(() => OutboxResponseSchema.parse(body)).toThrow();
      expect(() => parseOutboxAnswer(body)).toThrow();
    }
  });
});
