/**
 * DynamoDB failing inside the decide step (docs/timers.md "Retries of decide"): the store refuses the
 * first requests of the first two decide invocations with ProvisionedThroughputExceededException —
 * the injected fault, thrown where the SDK would receive it, so ElectroDB wraps it as it would — and the
 * Lambda's own handler turns it into what it throws in AWS. The synthesized definition
 * (infra/timers/ticket-timer.asl.json) runs with aws-local-stepfunctions: its Retry policy must catch
 * that error by name and retry with back-off, and the firing is recorded once the store is back.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTicketTimer } from '../../infra/timers/ticket-timer.ts';
import { type IntakeSystem, loadIntakeSystem, reportFault, seedContract } from './intake-fixtures.ts';

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  BackoffRate: number;
  MaxAttempts: number;
}

describe('DynamoDB errors in decide, retried by the state machine', () => {
  let s: IntakeSystem;
  let lambda: typeof import('../../functions/handlers/timer-decide.ts');
  let store: typeof import('../../functions/lib/store.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let port: typeof import('../../functions/timers/port.ts');
  let notifyModule: typeof import('../../functions/timers/notify.ts');
  /** Decide invocations whose first DynamoDB request fails. */
  let failingInvocations = 0;
  let failNextRequest = false;
  const definition = JSON.parse(
    renderTicketTimer({ DecideFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:decide' }),
  ) as StateMachineDefinition & { States: { Decide: { Retry: Retrier[] } } };

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [lambda, store, tickets, port, notifyModule] = await Promise.all([
      import('../../functions/handlers/timer-decide.ts'),
      import('../../functions/lib/store.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/timers/port.ts'),
      import('../../functions/timers/notify.ts'),
    ]);
    port.useTimerPort({ arm: () => {} });
    notifyModule.useNotifier(notifyModule.RECORD_ONLY);
    store.documents.middlewareStack.add(
      (next) => async (args) => {
        if (failNextRequest) {
          failNextRequest = false;
          throw new ProvisionedThroughputExceededException({
            message: 'The level of configured provisioned throughput for the table was exceeded.',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectedThrottling' },
    );
  });
  afterAll(() => {
    store.documents.middlewareStack.remove('injectedThrottling');
    notifyModule.useNotifier(undefined);
    port.useTimerPort(undefined);
  });

  /** A ticket whose arrival warning is already due (reported 1 h 40 min ago, real time). */
  async function dueTicket(): Promise<string> {
    const k = await seedContract(s, 'A');
    s.clock.set(new Date(Date.now() - 100 * 60_000).toISOString());
    const report = await reportFault(s, k);
    const link = await tickets.findStatusLink(report.json.statusToken);
    if (link === undefined) throw new Error('no status link');
    return link.ticketId;
  }

  /** Runs the definition once through Decide (the Lambda's handler), ending after the first success. */
  async function runOnce(ticketId: string, decideStep: (input: { ticketId: string }) => Promise<unknown>) {
    const thrown: string[] = [];
    const machine = new StateMachine(definition);
    const execution = machine.run(
      { ticketId, wakeAt: new Date(Date.now() - 1000).toISOString() },
      {
        overrides: {
          waitTimeOverrides: { WaitUntilDue: 0 },
          // The back-off's pauses are taken from the events below; the test does not sleep through them.
          retryIntervalOverrides: { Decide: 1 },
          taskResourceLocalHandlers: {
            Decide: async (input: unknown) => {
              const payload = (input as { Payload: { ticketId: string } }).Payload;
              try {
                await decideStep(payload);
              } catch (error) {
                thrown.push((error as Error).name);
                throw error;
              }
              return { Payload: { ticketId, wakeAt: null } };
            },
          },
        },
      },
    );
    const events: { type: string }[] = [];
    const collecting = (async () => {
      for await (const event of execution.eventLogs) events.push(event);
    })();
    const result = await execution.result.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await collecting;
    const retries = events.flatMap((e) =>
      e.type === 'StateRetried'
        ? [(e as unknown as { retry: { retrier: Retrier; attempt: number } }).retry]
        : [],
    );
    return { result, thrown, retries };
  }

  it('retries a throttled decide with back-off by the StoreUnavailable retrier, and records the firing once', async () => {
    const ticketId = await dueTicket();
    failingInvocations = 2;
    const { result, thrown, retries } = await runOnce(ticketId, async (input) => {
      if (failingInvocations > 0) {
        failingInvocations--;
        failNextRequest = true;
      }
      return lambda.handler(input);
    });
    expect(result.ok).toBe(true);
    // What the Lambda threw each time: its own name for a passing store failure.
    expect(thrown).toEqual(['StoreUnavailable', 'StoreUnavailable']);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    const retrier = retries[0]?.retrier;
    expect(retrier?.ErrorEquals).toEqual(['StoreUnavailable']);
    // Back-off: the pauses in AWS (before jitter) are IntervalSeconds × BackoffRate^(attempt - 1).
    expect(retrier?.BackoffRate).toBeGreaterThan(1);
    const pauses = retries.map((r) => r.retrier.IntervalSeconds * r.retrier.BackoffRate ** (r.attempt - 1));
    expect(pauses).toEqual([5, 10]);
    expect(retrier?.MaxAttempts).toBeGreaterThanOrEqual(6);

    const loaded = await tickets.getTicketWithTimeline(ticketId);
    const warnings = loaded?.events.filter((e) => e.type === 'arrivalWarning') ?? [];
    expect(warnings).toHaveLength(1);
  });

  it('gives up after the definition’s attempts when the store stays down, so the failed-timer alarm fires', async () => {
    const ticketId = await dueTicket();
    const { result, thrown, retries } = await runOnce(ticketId, async (input) => {
      failNextRequest = true;
      return lambda.handler(input);
    });
    expect(result.ok).toBe(false);
    const storeRetrier = definition.States.Decide.Retry.find((r) =>
      r.ErrorEquals.includes('StoreUnavailable'),
    );
    expect(thrown).toHaveLength((storeRetrier?.MaxAttempts ?? 0) + 1);
    expect(new Set(thrown)).toEqual(new Set(['StoreUnavailable']));
    expect(retries.every((r) => r.retrier.ErrorEquals.includes('StoreUnavailable'))).toBe(true);
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    expect(loaded?.events.filter((e) => e.type === 'arrivalWarning')).toHaveLength(0);
  });

  it('an error that is not the store’s falls to States.ALL: three more tries', async () => {
    const ticketId = await dueTicket();
    const { result, thrown, retries } = await runOnce(ticketId, async () => {
      throw new TypeError('a bug');
    });
    expect(result.ok).toBe(false);
    expect(thrown).toEqual(['TypeError', 'TypeError', 'TypeError', 'TypeError']);
    expect(retries.map((r) => r.retrier.ErrorEquals)).toEqual([
      ['States.ALL'],
      ['States.ALL'],
      ['States.ALL'],
    ]);
    const loaded = await tickets.getTicketWithTimeline(ticketId);
    expect(loaded?.events.filter((e) => e.type === 'arrivalWarning')).toHaveLength(0);
  });

  it('recognises the store’s passing failures through ElectroDB’s wrapping, and only those', async () => {
    const { isTransientStoreError } = await import('../../functions/timers/decide.ts');
    const throttled = new ProvisionedThroughputExceededException({ message: 'x', $metadata: {} });
    expect(isTransientStoreError(new Error('wrapped', { cause: throttled }))).toBe(true);
    expect(isTransientStoreError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(
      isTransientStoreError(Object.assign(new Error('5xx'), { $metadata: { httpStatusCode: 503 } })),
    ).toBe(true);
    expect(isTransientStoreError(new Error('ConditionalCheckFailed'))).toBe(false);
    expect(isTransientStoreError(new TypeError('a bug'))).toBe(false);
  });
});
