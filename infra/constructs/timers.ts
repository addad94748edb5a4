import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
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

/**
 * The ticket timers: a Standard state machine (executions may sleep for weeks, beyond Express's five
 * minutes) defined by infra/timers/ticket-timer.asl.json, and the decide Lambda it invokes. Every
 * execution is logged with its data and traced.
 */
export class Timers extends Construct {
  public readonly decide: SitecallFunction;
  public readonly stateMachine: StateMachine;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TimersProps) {
    super(scope, id);

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

    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CDK adds these for logging and tracing, and AWS documents Resource "*" for them because they have no resource-level permissions: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups; xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets.',
    });
  }
}
