import { Aws, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SitecallFunction } from './function.ts';

export interface NotificationsProps {
  /** DESTROY in dev (the key is scheduled for deletion), RETAIN in prod. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Notifications: the operations topic for CloudWatch alarms, and the right to send SMS.
 *
 * SMS to a phone number is a direct `sns:Publish` with `PhoneNumber`, not a publish to a topic, so
 * it has no resource ARN to scope. `grantSmsPublish` therefore allows Publish on "*" and denies it on
 * every topic ARN, which leaves exactly one thing allowed: SMS to phone numbers.
 */
export class Notifications extends Construct {
  /** Operational alarms go here; subscribe the on-call people's e-mail or phones after deploying. */
  public readonly alarmTopic: Topic;
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);

    // A customer-managed key: CloudWatch alarms cannot publish to a topic encrypted with the
    // AWS-managed SNS key, whose policy cannot be changed to admit cloudwatch.amazonaws.com.
    this.key = new Key(this, 'key', {
      description: 'Sitecall: encrypts the operations alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.alarmTopic = new Topic(this, 'alarm-topic', {
      displayName: 'Sitecall operations',
      masterKey: this.key,
      enforceSSL: true,
    });
  }

  /**
   * An alarm that notifies the operations topic when `metric` (summed over 5 minutes) reaches
   * `threshold`. No data counts as healthy: an idle service is not an incident.
   */
  public alarmOn(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    return alarm;
  }

  /**
   * Lets a function send SMS to phone numbers, and nothing else on SNS (see the class comment), and
   * tells it to send through SNS (SMS_TRANSPORT, functions/auth/deps.ts).
   */
  public grantSmsPublish(fn: SitecallFunction): void {
    fn.function.addEnvironment('SMS_TRANSPORT', 'sns');
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendSmsToPhoneNumbers',
        effect: Effect.ALLOW,
        actions: ['sns:Publish'],
        resources: ['*'],
      }),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NoPublishToTopics',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish with a PhoneNumber (direct SMS) has no resource ARN, so it can only be allowed on "*"; a Deny on arn:aws:sns:*:*:* in the same policy removes every topic, leaving SMS to phone numbers as the only thing allowed.',
    });
  }
}
