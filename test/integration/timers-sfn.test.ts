/**
 * The AWS adapter of the timer port and the sweep, against the SDK's serialized requests: the SFN
 * client's request handler keeps each request and answers as Step Functions would (no network), and the
 * sweep reads the real index on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntakeSystem, loadIntakeSystem, reportFault, seedContract } from './intake-fixtures.ts';

const MACHINE = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:sitecall-prod-ticket-timer';

interface Captured {
  target: string;
  hostname: string;
  body: Record<string, unknown>;
}

/** A client whose requests stay in the process; `refuse` answers an execution name as already started. */
function capturingSfnClient(captured: Captured[], refuse: Set<string> = new Set()) {
  return new SFNClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      async handle(request: { hostname: string; headers: Record<string, string>; body: unknown }) {
        const raw =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
        const body = JSON.parse(raw) as Record<string, unknown>;
        captured.push({ target: request.headers['x-amz-target'] ?? '', hostname: request.hostname, body });
        const headers = { 'content-type': 'application/x-amz-json-1.0' };
        if (refuse.has(String(body.name))) {
          const error = {
            __type: 'ExecutionAlreadyExists',
            message: `Execution Already Exists: '${body.name}'`,
          };
          return {
            response: { statusCode: 400, headers, body: new TextEncoder().encode(JSON.stringify(error)) },
          };
        }
        const out = {
          executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${body.name}`,
          startDate: 1.7e9,
        };
        return {
          response: { statusCode: 200, headers, body: new TextEncoder().encode(JSON.stringify(out)) },
        };
      },
    },
  });
}

describe('the Step Functions adapter of the timer port', () => {
  let sfn: typeof import('../../functions/timers/sfn-port.ts');
  let port: typeof import('../../functions/timers/port.ts');
  let sweepModule: typeof import('../../functions/timers/sweep.ts');
  let s: IntakeSystem;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [sfn, port, sweepModule] = await Promise.all([
      import('../../functions/timers/sfn-port.ts'),
      import('../../functions/timers/port.ts'),
      import('../../functions/timers/sweep.ts'),
    ]);
  });
  afterAll(() => port.useTimerPort(undefined));

  it('starts the state machine with { ticketId, wakeAt } under the name ticketId-version', async () => {
    const captured: Captured[] = [];
    const adapter = sfn.createSfnTimerPort({
      stateMachineArn: MACHINE,
      client: capturingSfnClient(captured),
    });
    const ticketId = `T_${randomUUID().slice(0, 8)}-123`;
    const outcome = await adapter.arm({ ticketId, wakeAt: '2026-11-20T02:00:00.000Z', version: 7 });
    expect(outcome).toBe('started');
    expect(captured).toEqual([
      {
        target: 'AWSStepFunctions.StartExecution',
        hostname: 'states.cn-north-1.amazonaws.com.cn',
        body: {
          stateMachineArn: MACHINE,
          name: `${ticketId}-7`,
          input: JSON.stringify({ ticketId, wakeAt: '2026-11-20T02:00:00.000Z' }),
        },
      },
    ]);
  });

  it('takes ExecutionAlreadyExists as done, starts nothing for wakeAt null, and passes other errors on', async () => {
    const captured: Captured[] = [];
    const client = capturingSfnClient(captured, new Set(['T1-3']));
    const adapter = sfn.createSfnTimerPort({ stateMachineArn: MACHINE, client });
    await expect(
      adapter.arm({ ticketId: 'T1', wakeAt: '2026-11-20T02:00:00.000Z', version: 3 }),
    ).resolves.toBe('already');
    await expect(adapter.arm({ ticketId: 'T1', wakeAt: null, version: 4 })).resolves.toBe('none');
    expect(captured).toHaveLength(1);

    const broken = new SFNClient({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: {
        async handle() {
          const error = { __type: 'StateMachineDoesNotExist', message: 'no such state machine' };
          return {
            response: {
              statusCode: 400,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: new TextEncoder().encode(JSON.stringify(error)),
            },
          };
        },
      },
    });
    const failing = sfn.createSfnTimerPort({ stateMachineArn: MACHINE, client: broken });
    await expect(
      failing.arm({ ticketId: 'T2', wakeAt: '2026-11-20T02:00:00.000Z', version: 1 }),
    ).rejects.toThrow(/no such state machine/);
  });

  it('stops the execution a newer arming replaces, and a stale arming’s own; null stops the running one', async () => {
    const captured: Captured[] = [];
    const adapter = sfn.createSfnTimerPort({
      stateMachineArn: MACHINE,
      client: capturingSfnClient(captured),
    });
    const ticketId = `T_${randomUUID().slice(0, 8)}`;
    const execution = (version: number) =>
      `${MACHINE.replace(':stateMachine:', ':execution:')}:${ticketId}-${version}`;
    const wakeAt = '2026-11-20T02:00:00.000Z';
    expect(await adapter.arm({ ticketId, wakeAt, version: 2 })).toBe('started');
    expect(await adapter.arm({ ticketId, wakeAt, version: 5 })).toBe('started');
    // A change of version 4 arming late, after version 5's: its own execution is stopped at once.
    expect(await adapter.arm({ ticketId, wakeAt, version: 4 })).toBe('superseded');
    // Closed: nothing starts and the running execution (version 5's) is stopped.
    expect(await adapter.arm({ ticketId, wakeAt: null, version: 6 })).toBe('none');
    expect(
      captured.map((c) => [c.target.replace('AWSStepFunctions.', ''), c.body.name ?? c.body.executionArn]),
    ).toEqual([
      ['StartExecution', `${ticketId}-2`],
      ['StartExecution', `${ticketId}-5`],
      ['StopExecution', execution(2)],
      ['StartExecution', `${ticketId}-4`],
      ['StopExecution', execution(4)],
      ['StopExecution', execution(5)],
    ]);
  });

  it('is what the ticket write path calls: intake starts the first execution', async () => {
    const captured: Captured[] = [];
    port.useTimerPort(
      sfn.createSfnTimerPort({ stateMachineArn: MACHINE, client: capturingSfnClient(captured) }),
    );
    const k = await seedContract(s, 'B');
    s.clock.set('2026-11-10T02:00:00.000Z');
    await reportFault(s, k);
    port.useTimerPort({ arm: () => {} });
    const board = await k.desk('GET', '/api/desk/board');
    const ticket = board.json.tickets[0] as { ticketId: string; nextWakeAt: string };
    expect(captured).toHaveLength(1);
    expect(captured[0]?.body.name).toBe(`${ticket.ticketId}-1`);
    expect(JSON.parse(String(captured[0]?.body.input))).toEqual({
      ticketId: ticket.ticketId,
      wakeAt: ticket.nextWakeAt,
    });
  });

  it('the sweep starts one execution per wake-up overdue by more than the margin, once', async () => {
    port.useTimerPort({ arm: () => {} });
    const k = await seedContract(s, 'B');
    s.clock.set('2026-11-11T02:00:00.000Z');
    await reportFault(s, k);
    const board = await k.desk('GET', '/api/desk/board');
    const ticket = board.json.tickets[0] as { ticketId: string; nextWakeAt: string };
    const due = Date.parse(ticket.nextWakeAt);

    const captured: Captured[] = [];
    const existing = new Set<string>();
    const adapter = sfn.createSfnTimerPort({
      stateMachineArn: MACHINE,
      client: capturingSfnClient(captured, existing),
    });
    const outcomes: string[] = [];
    const start: typeof adapter.start = async (name, input) => {
      const outcome = await adapter.start(name, input);
      if (input.ticketId === ticket.ticketId) outcomes.push(`${name}:${outcome}`);
      return outcome;
    };
    const name = `${ticket.ticketId}-sweep-${due}`;

    // Within the margin: a timer may still be on its way.
    await sweepModule.sweep({ now: new Date(due + sweepModule.SWEEP_MARGIN_MS - 1000), start });
    expect(outcomes).toEqual([]);

    const out = await sweepModule.sweep({ now: new Date(due + sweepModule.SWEEP_MARGIN_MS + 1000), start });
    expect(out.overdue).toBeGreaterThanOrEqual(1);
    expect(outcomes).toEqual([`${name}:started`]);
    const request = captured.find((c) => c.body.name === name);
    expect(request?.body).toEqual({
      stateMachineArn: MACHINE,
      name,
      input: JSON.stringify({ ticketId: ticket.ticketId, wakeAt: ticket.nextWakeAt }),
    });

    // A second sweep of the same stuck wake-up: the name exists (as Step Functions keeps it), nothing new.
    existing.add(name);
    await sweepModule.sweep({ now: new Date(due + sweepModule.SWEEP_MARGIN_MS + 60_000), start });
    expect(outcomes).toEqual([`${name}:started`, `${name}:already`]);
  });
});
