import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { readTicketTimerAsl, type TicketTimerSubstitutions } from '../timers/ticket-timer.ts';
import { SitecallFunction } from './function.ts';

export interface TimersProps {
  readonly table: ITable;
  readonly appVersion: string;
  /** Used in the state machine's log group name. */
  readonly stage: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** How often the sweep looks for wake-ups nobody watches (functions/timers/sweep.ts). */
export const SWEEP_RATE = Duration.minutes(5);

/** The state machine's fixed name: its ARN is built from it, see `Timers.stateMachineArnOf`. */
export function ticketTimerName(stage: string): string {
  return `sitecall-${stage}-ticket-timer`;
}

/**
 * The ticket timers: a Standard state machine (executions may sleep for weeks, beyond Express's five
 * minutes) defined by infra/timers/ticket-timer.asl.json, and the decide Lambda it invokes. Every
 * execution is logged with its data and traced. A scheduled rule runs the sweep (the decide function
 * with `{ "sweep": true }`) every 5 minutes.
 *
 * The functions that write tickets start executions (functions/timers/sfn-port.ts): `grantStart` gives
 * them the state machine's ARN and `states:StartExecution` on it. The ARN is built from the fixed name,
 * not read from the resource, so the functions never refer to the state machine (which refers to the
 * decide function, which starts executions too: a cycle otherwise).
 */
export class Timers extends Construct {
  public readonly decide: SitecallFunction;
  public readonly stateMachine: StateMachine;
  public readonly logGroup: LogGroup;
  /** The state machine's ARN, from its fixed name. */
  public readonly stateMachineArn: string;
  /** Every execution of the state machine: `…:execution:<name>:*`. */
  public readonly executionArns: string;
  public readonly stateMachineName: string;
  public readonly sweepRule: Rule;

  constructor(scope: Construct, id: string, props: TimersProps) {
    super(scope, id);
    const stateMachineName = ticketTimerName(props.stage);
    this.stateMachineName = stateMachineName;
    this.stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.executionArns = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.decide = new SitecallFunction(this, 'decide-function', {
      bundle: 'timer-decide',
      appVersion: props.appVersion,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: Duration.seconds(30),
      description: 'Sitecall ticket timer: apply what is due, return the next wake-up',
    });
    this.decide.bindTable(props.table, 'readWrite');

    // Vended-log groups under /aws/vendedlogs/ keep the account's CloudWatch Logs resource policy small.
    this.logGroup = new LogGroup(this, 'log-group', {
      logGroupName: `/aws/vendedlogs/states/sitecall-${props.stage}-ticket-timer`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const substitutions: TicketTimerSubstitutions = { DecideFunctionArn: this.decide.function.functionArn };
    this.stateMachine = new StateMachine(this, 'state-machine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(readTicketTimerAsl()),
      definitionSubstitutions: { ...substitutions },
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    // The ASL file is opaque to CDK, so the invoke right is granted by hand: the exact (unqualified)
    // ARN the Task names, not `arn:*` versions and aliases as grantInvoke would.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [this.decide.function.functionArn],
      }),
    );

    // The sweep runs in the decide function: it starts executions of this state machine.
    this.grantStart(this.decide);
    this.sweepRule = new Rule(this, 'sweep-rule', {
      description: 'Sitecall ticket timers: start executions for wake-ups overdue by more than 5 minutes',
      schedule: Schedule.rate(SWEEP_RATE),
      targets: [
        new LambdaFunction(this.decide.function, {
          event: RuleTargetInput.fromObject({ sweep: true }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(4),
        }),
      ],
    });

    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CDK adds these for logging and tracing, and AWS documents Resource "*" for them because they have no resource-level permissions: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups; xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets.',
    });
  }

  /**
   * Lets a function start ticket timers: the ARN as TIMER_STATE_MACHINE_ARN, StartExecution on it alone;
   * with `stop`, StopExecution on its executions (the ticket writers stop the execution a re-arming
   * replaces, functions/timers/sfn-port.ts).
   */
  public grantStart(fn: SitecallFunction, options: { stop?: boolean } = {}): void {
    fn.function.addEnvironment('TIMER_STATE_MACHINE_ARN', this.stateMachineArn);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [this.stateMachineArn],
      }),
    );
    if (options.stop !== true) return;
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StopExecution'],
        resources: [this.executionArns],
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.stateMachineName}:*]`,
      reason:
        'StopExecution names an execution, and executions are created at run time, one per arming (`<ticketId>-<version>`); the wildcard covers the executions of the ticket-timer state machine only.',
    });
  }
}
