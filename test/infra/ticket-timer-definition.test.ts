/**
 * The one ticket-timer definition is checked here, by the validator aws-local-stepfunctions runs
 * (asl-validator: the Amazon States Language schema and its paths), rather than by the local runtime at
 * each start: the runtime constructs its state machine without validation and its bundle leaves the
 * validator out (infra/local/build.ts).
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { renderTicketTimer } from '../../infra/timers/ticket-timer.ts';

const definition = (arn: string) =>
  JSON.parse(renderTicketTimer({ DecideFunctionArn: arn })) as StateMachineDefinition;

describe('the ticket-timer definition', () => {
  it('is valid ASL, with the ARN of AWS and with the name the local runtime gives its decide step', () => {
    expect(
      () => new StateMachine(definition('arn:aws:lambda:cn-north-1:123456789012:function:sitecall-decide')),
    ).not.toThrow();
    expect(
      () => new StateMachine(definition('local:timer-decide'), { validationOptions: { checkArn: false } }),
    ).not.toThrow();
  });

  it('the same validation refuses a broken definition', () => {
    const broken = definition('arn:aws:lambda:cn-north-1:123456789012:function:sitecall-decide');
    const states = broken.States as Record<string, { Next?: string }>;
    const first = Object.values(states).find((s) => s.Next !== undefined);
    if (first === undefined) throw new Error('the definition has no state with Next');
    first.Next = 'NoSuchState';
    expect(() => new StateMachine(broken)).toThrow();
  });
});
