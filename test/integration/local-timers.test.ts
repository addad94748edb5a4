/**
 * The local runtime's ticket timers run the ASL file the CDK stack deploys, with real waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type DecideInput, LocalTimers } from '../../infra/local/timers.ts';

const timers: LocalTimers[] = [];
afterEach(() => {
  for (const t of timers.splice(0)) t.stop();
});

function recorder(next: (call: number) => string | null = () => null) {
  const calls: { ticketId: string; at: number }[] = [];
  const done = Promise.withResolvers<void>();
  const decide = async (input: DecideInput) => {
    calls.push({ ticketId: input.ticketId, at: Date.now() });
    const wakeAt = next(calls.length);
    if (wakeAt === null) done.resolve();
    return { ticketId: input.ticketId, wakeAt };
  };
  return { calls, decide, done: done.promise };
}

function make(
  decide: (i: DecideInput) => Promise<{ ticketId: string; wakeAt: string | null }>,
  maxWaitMs?: number,
) {
  const t = new LocalTimers({ decide, ...(maxWaitMs === undefined ? {} : { maxWaitMs }) });
  timers.push(t);
  return t;
}

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('local ticket timers', () => {
  it('wake the decide step at the due instant, never before it', async () => {
    const r = recorder();
    const t = make(r.decide);
    const due = Date.now() + 150;
    t.arm('T-1', new Date(due).toISOString());
    expect(t.armed).toBe(1);
    await r.done;
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]?.ticketId).toBe('T-1');
    expect(r.calls[0]?.at).toBeGreaterThanOrEqual(due);
    await expect.poll(() => t.armed).toBe(0);
  });

  it('loop while decide names a next wake-up, and end when it names none', async () => {
    const r = recorder((n) => (n < 3 ? inMs(40) : null));
    const t = make(r.decide);
    t.arm('T-2', inMs(20));
    await r.done;
    expect(r.calls).toHaveLength(3);
    await expect.poll(() => t.armed).toBe(0);
  });

  it('re-arming a ticket replaces its execution: the old wake-up never fires', async () => {
    const r = recorder();
    const t = make(r.decide);
    t.arm('T-3', inMs(250));
    const first = t.executionOf('T-3');
    t.arm('T-3', inMs(60));
    expect(t.executionOf('T-3')).not.toBe(first);
    await r.done;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(r.calls).toHaveLength(1);
  });

  it('cut a wait longer than the timer limit into hops without waking decide early', async () => {
    const r = recorder();
    const t = make(r.decide, 30);
    const due = Date.now() + 200;
    t.arm('T-4', new Date(due).toISOString());
    await r.done;
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]?.at).toBeGreaterThanOrEqual(due);
  });

  it('re-armed at boot, a deadline that passed while down fires at once', async () => {
    const r = recorder();
    const t = make(r.decide);
    const started = Date.now();
    expect(t.rearm([{ ticketId: 'T-5', wakeAt: new Date(started - 5 * 60_000).toISOString() }])).toBe(1);
    await r.done;
    expect(r.calls).toHaveLength(1);
    expect((r.calls[0]?.at ?? Infinity) - started).toBeLessThan(1000);
  });

  it('disarming stops a ticket timer before it fires', async () => {
    const r = recorder();
    const t = make(r.decide);
    t.arm('T-6', inMs(80));
    t.disarm('T-6');
    expect(t.armed).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.calls).toHaveLength(0);
  });

  it('keep waiting tickets in the schedule, not in running executions, and start one only when due', async () => {
    const r = recorder();
    const t = make(r.decide);
    const far = inMs(30 * 24 * 3600 * 1000);
    for (let i = 0; i < 10_000; i++) t.arm(`W-${i}`, far);
    const due = Date.now() + 120;
    t.arm('T-7', new Date(due).toISOString());
    expect(t.armed).toBe(10_001);
    expect(t.executing).toBe(0);
    await r.done;
    expect(r.calls.map((c) => c.ticketId)).toEqual(['T-7']);
    expect(r.calls[0]?.at).toBeGreaterThanOrEqual(due);
    await expect.poll(() => t.armed).toBe(10_000);
    expect(t.executing).toBe(0);
    t.stop();
    expect(t.armed).toBe(0);
  });

  it('between wake-ups of a loop, the ticket waits in the schedule under the same execution name', async () => {
    let calls = 0;
    const parkedBetween: number[] = [];
    const done = Promise.withResolvers<void>();
    const t = make(async (input) => {
      calls++;
      if (calls === 2) {
        done.resolve();
        return { ticketId: input.ticketId, wakeAt: null };
      }
      // Further ahead than the runtime's lead (1 s), so the ticket goes back to the schedule between.
      return { ticketId: input.ticketId, wakeAt: inMs(1_600) };
    });
    t.arm('T-8', inMs(30));
    const name = t.executionOf('T-8');
    await expect.poll(() => calls).toBe(1);
    await expect.poll(() => t.executing).toBe(0);
    parkedBetween.push(t.armed);
    expect(t.executionOf('T-8')).toMatch(/^T-8-\d+-/);
    expect(t.executionOf('T-8')?.split('-').at(-1)).toBe(name?.split('-').at(-1));
    await done.promise;
    expect(parkedBetween).toEqual([1]);
    await expect.poll(() => t.armed).toBe(0);
  });
});
