import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AUDIENCE_NAMES, type Audience } from '../shared/api/audiences.ts';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Notifications } from './constructs/notifications.ts';
import { SigningKey } from './constructs/signing-key.ts';
import { Timers } from './constructs/timers.ts';
import { WebHosting } from './constructs/web-hosting.ts';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/** Audiences whose handlers send SMS: sign-in codes (auth) and assignment notices (desk). Public never does. */
export const SMS_SENDING_AUDIENCES: readonly Audience[] = ['auth', 'desk'];

/** Audiences whose handlers write tickets, and so arm their timers (functions/timers/sfn-port.ts). */
export const TIMER_ARMING_AUDIENCES: readonly Audience[] = ['public', 'desk', 'field'];

/**
 * Audiences whose handlers sign or verify access tokens, and so may read the signing secret: sign-in
 * (auth) and the staff routes (desk, field). Public routes take no staff token and never see it.
 */
export const TOKEN_AUDIENCES: readonly Audience[] = ['auth', 'desk', 'field'];

export interface SitecallStackProps extends StackProps {
  /** dev: everything is deleted with the stack. prod: data and logs are kept, the table is protected. */
  readonly stage: StageName;
  /** The release, from package.json; handlers report it on /api/health. */
  readonly appVersion: string;
  /** The built PWA to upload (web/dist, or a fixture in tests). */
  readonly webAssetsDir: string;
}

/** Sitecall in one stack: data, API, timers, notifications and the PWA's hosting. */
export class SitecallStack extends Stack {
  public readonly data: Data;
  public readonly api: Api;
  public readonly timers: Timers;
  public readonly notifications: Notifications;
  public readonly signingKey: SigningKey;
  public readonly web: WebHosting;

  constructor(scope: Construct, id: string, props: SitecallStackProps) {
    super(scope, id, props);

    const prod = props.stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = prod ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK;

    this.data = new Data(this, 'data', { protectData: prod });

    this.notifications = new Notifications(this, 'notifications', { removalPolicy });

    this.api = new Api(this, 'api', {
      table: this.data.table,
      appVersion: props.appVersion,
      logRetention,
      removalPolicy,
    });
    for (const audience of SMS_SENDING_AUDIENCES) {
      this.notifications.grantSmsPublish(this.api.functions[audience]);
    }

    this.signingKey = new SigningKey(this, 'signing-key', { removalPolicy });
    for (const audience of TOKEN_AUDIENCES) {
      this.signingKey.grantTokenSigning(this.api.functions[audience]);
    }

    this.timers = new Timers(this, 'timers', {
      table: this.data.table,
      appVersion: props.appVersion,
      stage: props.stage,
      logRetention,
      removalPolicy,
    });
    // Escalation alerts are sent by the timers' decide step.
    this.notifications.grantSmsPublish(this.timers.decide);
    for (const audience of TIMER_ARMING_AUDIENCES) {
      this.timers.grantStart(this.api.functions[audience], { stop: true });
    }

    this.web = new WebHosting(this, 'web', {
      webAssetsDir: props.webAssetsDir,
      httpApi: this.api.httpApi,
      removalPolicy,
      logRetention,
      accessLogExpiration: prod ? Duration.days(365) : Duration.days(30),
    });

    // Alarms on by default, to the operations topic (subscribe to it after deploying).
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    for (const audience of AUDIENCE_NAMES) {
      this.notifications.alarmOn(
        `${audience}-errors-alarm`,
        this.api.functions[audience].function.metricErrors(fiveMinutes),
        1,
        `The ${audience} API function threw (an unhandled error, a timeout or out of memory).`,
      );
    }
    this.notifications.alarmOn(
      'api-5xx-alarm',
      this.api.httpApi.metricServerError(fiveMinutes),
      5,
      'The HTTP API answered 5xx at least 5 times in 5 minutes.',
    );
    this.notifications.alarmOn(
      'timer-failed-alarm',
      this.timers.stateMachine.metricFailed(fiveMinutes),
      1,
      'A ticket timer execution failed: its escalations stopped until the timer is started again.',
    );

    new CfnOutput(this, 'WebUrl', {
      description: 'The PWA and, under /api, the API: the address users open',
      value: `https://${this.web.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API directly (without CloudFront), for smoke tests',
      value: this.api.stage.url,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'TimerStateMachineArn', { value: this.timers.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.notifications.alarmTopic.topicArn });
    new CfnOutput(this, 'SigningKeySecretArn', {
      description:
        'The secret holding the seed of the token signing key (its ARN only): rotate as docs/security.md says',
      value: this.signingKey.secret.secretArn,
    });
  }
}
