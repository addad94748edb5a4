/**
 * The timers' AWS resources beyond the state machine itself (docs/timers.md "What differs in AWS"):
 * the ticket writers and the sweep may start executions of the one state machine, by an ARN built from
 * its fixed name (no reference to the resource, so no dependency cycle), and a rule runs the sweep.
 */
import { describe, expect, it } from 'vitest';
import { SWEEP_RATE, ticketTimerName } from '../../infra/constructs/timers.ts';
import { TIMER_ARMING_AUDIENCES } from '../../infra/stack.ts';
import { AUDIENCE_NAMES } from '../../shared/api/audiences.ts';
import { logicalId, resourcesOfType, synthesized } from './support.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

function statementsOf(template: ReturnType<typeof synthesized>['template'], roleId: string): Statement[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function environmentOf(functions: ReturnType<typeof resourcesOfType>, id: string): Record<string, unknown> {
  const environment = functions[id]?.Properties.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
}

const startStatements = (statements: Statement[]) =>
  statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('states:')));

describe('timers in AWS', () => {
  for (const stage of ['dev', 'prod'] as const) {
    it(`names the ${stage} state machine and builds its ARN from the name`, () => {
      const { template, stack } = synthesized(stage);
      const machine = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[
        logicalId(stack.timers.stateMachine)
      ];
      expect(machine?.Properties.StateMachineName).toBe(ticketTimerName(stage));
      const arn = JSON.stringify(stack.resolve(stack.timers.stateMachineArn));
      expect(arn).toContain(`:states:`);
      expect(arn).toContain(`:stateMachine:${ticketTimerName(stage)}`);
      // Built from the name: no Ref to the state machine resource anywhere in it.
      expect(arn).not.toContain(logicalId(stack.timers.stateMachine));
    });
  }

  it('gives the ticket writers and the decide function StartExecution on that state machine alone (the writers StopExecution on its executions), and its ARN', () => {
    const { template, stack } = synthesized('dev');
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    const arn = stack.resolve(stack.timers.stateMachineArn);
    const executions = stack.resolve(stack.timers.executionArns);
    expect(JSON.stringify(executions)).toContain(`:execution:${stack.timers.stateMachineName}:*`);
    const starters = [...TIMER_ARMING_AUDIENCES.map((a) => stack.api.functions[a]), stack.timers.decide];
    for (const fn of starters) {
      const starts = startStatements(statementsOf(template, logicalId(fn.role)));
      // The ticket writers also stop the execution a re-arming replaces; the sweep (decide) only starts.
      expect(starts).toEqual([
        { Effect: 'Allow', Action: 'states:StartExecution', Resource: arn },
        ...(fn === stack.timers.decide
          ? []
          : [{ Effect: 'Allow', Action: 'states:StopExecution', Resource: executions }]),
      ]);
      const variables = environmentOf(functions, logicalId(fn.function));
      expect(variables.TIMER_STATE_MACHINE_ARN).toEqual(arn);
    }
    for (const audience of AUDIENCE_NAMES.filter((a) => !TIMER_ARMING_AUDIENCES.includes(a))) {
      const fn = stack.api.functions[audience];
      expect(startStatements(statementsOf(template, logicalId(fn.role))), audience).toEqual([]);
      const variables = environmentOf(functions, logicalId(fn.function));
      expect(variables.TIMER_STATE_MACHINE_ARN, audience).toBeUndefined();
    }
  });

  it('runs the sweep every 5 minutes: the decide function with { sweep: true }, allowed to be invoked by the rule', () => {
    const { template, stack } = synthesized('dev');
    const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties as {
      ScheduleExpression: string;
      State: string;
      Targets: { Arn: unknown; Input: string; RetryPolicy?: { MaximumRetryAttempts: number } }[];
    };
    expect(rule.ScheduleExpression).toBe(`rate(${SWEEP_RATE.toMinutes()} minutes)`);
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.timers.decide.function), 'Arn'] });
    expect(JSON.parse(rule.Targets[0]?.Input ?? '{}')).toEqual({ sweep: true });
    expect(rule.Targets[0]?.RetryPolicy?.MaximumRetryAttempts).toBe(2);
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties.FunctionName).toEqual({
      'Fn::GetAtt': [logicalId(stack.timers.decide.function), 'Arn'],
    });
  });
});
