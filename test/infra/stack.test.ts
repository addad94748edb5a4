import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/bundling.ts';
import { SIGNING_SEED_LENGTH } from '../../infra/constructs/signing-key.ts';
import { pageHeadersPolicy, SHELL_CACHE_CONTROL } from '../../infra/constructs/web-hosting.ts';
import {
  SitecallStack,
  SMS_SENDING_AUDIENCES,
  TIMER_ARMING_AUDIENCES,
  TOKEN_AUDIENCES,
} from '../../infra/stack.ts';
import { readTicketTimerAsl, renderTicketTimer } from '../../infra/timers/ticket-timer.ts';
import { AUDIENCE_NAMES, AUDIENCES } from '../../shared/api/audiences.ts';
import { CONTENT_SECURITY_POLICY, PAGE_SECURITY_HEADERS } from '../../shared/api/security-headers.ts';
import { TABLE_DEFINITION } from '../../shared/table.ts';
import { logicalId, resourcesOfType, synthesized } from './support.ts';

const packageVersion = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

describe('data', () => {
  it('builds the table keys, indexes and TTL from TABLE_DEFINITION', () => {
    const { template } = synthesized('dev');
    const tables = Object.values(resourcesOfType(template, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const props = tables[0]?.Properties as {
      KeySchema: { AttributeName: string; KeyType: string }[];
      GlobalSecondaryIndexes: {
        IndexName: string;
        KeySchema: { AttributeName: string; KeyType: string }[];
      }[];
      AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
      TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
    };

    expect(props.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(
      props.GlobalSecondaryIndexes.map((index) => ({
        indexName: index.IndexName,
        partitionKey: index.KeySchema.find((k) => k.KeyType === 'HASH')?.AttributeName,
        sortKey: index.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName,
      })),
    ).toEqual(TABLE_DEFINITION.globalIndexes);
    expect(props.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('is on-demand, encrypted, with point-in-time recovery in every stage', () => {
    for (const stage of ['dev', 'prod'] as const) {
      synthesized(stage).template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('protects and retains the table in prod, and lets dev be destroyed', () => {
    synthesized('prod').template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
    });
    synthesized('dev').template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('api', () => {
  it('runs one Node 24 arm64 function per audience, plus the timer decide function', () => {
    const { template, stack } = synthesized('dev');
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    for (const audience of AUDIENCE_NAMES) {
      const fn = functions[logicalId(stack.api.functions[audience].function)];
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 512,
      });
    }
    expect(functions[logicalId(stack.timers.decide.function)]?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
  });

  it('gives every function the table name and the release, the SMS senders SNS, and no source-map flag', () => {
    const { template, stack } = synthesized('dev');
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    const secret = { Ref: logicalId(stack.signingKey.secret) };
    const all = { ...stack.api.functions, 'timer-decide': stack.timers.decide };
    for (const [name, fn] of Object.entries(all)) {
      const environment = functions[logicalId(fn.function)]?.Properties.Environment as
        | { Variables: object }
        | undefined;
      const sendsSms = [...SMS_SENDING_AUDIENCES, 'timer-decide'].includes(name);
      const signs = (TOKEN_AUDIENCES as readonly string[]).includes(name);
      const armsTimers = [...TIMER_ARMING_AUDIENCES, 'timer-decide'].includes(name);
      expect(environment?.Variables, name).toEqual({
        TABLE_NAME: { Ref: logicalId(stack.data.table) },
        APP_VERSION: packageVersion,
        ...(sendsSms ? { SMS_TRANSPORT: 'sns' } : {}),
        ...(signs ? { AUTH_SIGNING_KEY_SECRET_ARN: secret } : {}),
        ...(armsTimers ? { TIMER_STATE_MACHINE_ARN: stack.resolve(stack.timers.stateMachineArn) } : {}),
      });
    }
  });

  it('creates exactly the routes of AUDIENCES, each on its own audience function', () => {
    const { template, stack } = synthesized('dev');
    const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');

    const actual = routes.map((route) => {
      const target = route.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = integrations[target['Fn::Join'][1][1].Ref]?.Properties;
      const uri = integration?.IntegrationUri as { 'Fn::GetAtt': [string, string] };
      return { routeKey: route.Properties?.RouteKey, functionId: uri['Fn::GetAtt'][0] };
    });
    const expected = AUDIENCE_NAMES.flatMap((audience) =>
      AUDIENCES[audience].routes.map((routeKey) => ({
        routeKey,
        functionId: logicalId(stack.api.functions[audience].function),
      })),
    );
    expect(actual.sort((a, b) => String(a.routeKey).localeCompare(String(b.routeKey)))).toEqual(
      expected.sort((a, b) => a.routeKey.localeCompare(b.routeKey)),
    );
    for (const integration of Object.values(integrations)) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('logs every request of the $default stage and throttles it', () => {
    synthesized('dev').template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('lets functions read and write items and named indexes, never Scan or a wildcard index', () => {
    const { template } = synthesized('dev');
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(AUDIENCE_NAMES.length + 1);
    for (const statement of dynamo) {
      expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
      expect(JSON.stringify(statement)).not.toContain('*');
      expect(JSON.stringify(statement)).toContain(`/index/${TABLE_DEFINITION.globalIndexes[0]?.indexName}`);
    }
  });

  it('allows SMS only to the sign-in, desk and timer functions, and denies publishing to topics', () => {
    const { template, stack } = synthesized('dev');
    const policies = resourcesOfType(template, 'AWS::IAM::Policy');
    const smsRoles = Object.values(policies)
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('SendSmsToPhoneNumbers'))
      .flatMap((p) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
    expect(smsRoles.sort()).toEqual(
      [stack.api.functions.auth.role, stack.api.functions.desk.role, stack.timers.decide.role]
        .map((role) => logicalId(role))
        .sort(),
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'NoPublishToTopics', Effect: 'Deny', Action: 'sns:Publish' }),
        ]),
      },
    });
  });
});

describe('token signing key', () => {
  it('is a Secrets Manager secret of 64 generated letters and digits, kept in prod', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { template } = synthesized(stage);
      const secrets = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(1);
      const props = secrets[0]?.Properties as {
        GenerateSecretString: Record<string, unknown>;
        SecretString?: unknown;
      };
      expect(props.GenerateSecretString).toMatchObject({
        PasswordLength: SIGNING_SEED_LENGTH,
        ExcludePunctuation: true,
        IncludeSpace: false,
      });
      // The value is made by Secrets Manager: none in the template.
      expect(props.SecretString).toBeUndefined();
      expect(props.GenerateSecretString.SecretStringTemplate).toBeUndefined();
    }
    synthesized('prod').template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    synthesized('dev').template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  it('may be read only by the auth, desk and field functions, and only with GetSecretValue', () => {
    const { template, stack } = synthesized('dev');
    const secretRef = logicalId(stack.signingKey.secret);
    const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
    const readers: string[] = [];
    for (const policy of policies) {
      const statements = (
        policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement;
      for (const statement of statements) {
        const text = JSON.stringify(statement);
        if (!text.includes('secretsmanager:') && !text.includes(secretRef)) continue;
        expect(statement).toMatchObject({
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: secretRef },
          Effect: 'Allow',
        });
        readers.push(...(policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
      }
    }
    expect(readers.sort()).toEqual(TOKEN_AUDIENCES.map((a) => logicalId(stack.api.functions[a].role)).sort());
    expect([...TOKEN_AUDIENCES].sort()).toEqual(['auth', 'desk', 'field']);
    // No resource policy opens it to anyone else.
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  it('puts no key material into any function environment, output or the template', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { template, stack } = synthesized(stage);
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toMatch(/PRIVATE KEY|"d"\s*:|"kty"\s*:|AUTH_SIGNING_KEY"|AUTH_PREVIOUS_PUBLIC_KEYS/);
      expect(json).not.toMatch(/\{\{resolve:secretsmanager/); // no dynamic reference to the value
      for (const fn of Object.values(resourcesOfType(template, 'AWS::Lambda::Function'))) {
        const environment = fn.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
        const variables = environment?.Variables ?? {};
        for (const [name, value] of Object.entries(variables)) {
          if (name === 'AUTH_SIGNING_KEY_SECRET_ARN') {
            // The ARN (a Ref), never the value (Fn::GetAtt SecretString or a resolve).
            expect(value).toEqual({ Ref: logicalId(stack.signingKey.secret) });
          } else {
            expect(JSON.stringify(value), name).not.toContain(logicalId(stack.signingKey.secret));
            // Nothing shaped like a seed or an encoded key (a path or a version is not).
            if (typeof value === 'string') expect(value, name).not.toMatch(/^[A-Za-z0-9+/=_-]{32,}$/);
          }
        }
      }
      const outputs = template.findOutputs('*');
      expect(outputs.SigningKeySecretArn?.Value).toEqual({ Ref: logicalId(stack.signingKey.secret) });
      for (const [name, output] of Object.entries(outputs)) {
        if (name !== 'SigningKeySecretArn') {
          expect(JSON.stringify(output), name).not.toContain(logicalId(stack.signingKey.secret));
        }
      }
    }
  });
});

describe('timers', () => {
  const asl = JSON.parse(readTicketTimerAsl()) as {
    StartAt: string;
    States: Record<string, Record<string, unknown>>;
  };

  it('deploys the ASL file itself, with the decide function ARN substituted', () => {
    const { template, stack } = synthesized('dev');
    const machines = Object.values(resourcesOfType(template, 'AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(1);
    const props = machines[0]?.Properties as {
      DefinitionString: string;
      DefinitionSubstitutions: Record<string, unknown>;
      StateMachineType: string;
    };
    const decideArn = { 'Fn::GetAtt': [logicalId(stack.timers.decide.function), 'Arn'] };
    expect(props.DefinitionSubstitutions).toEqual({ DecideFunctionArn: decideArn });
    expect(props.StateMachineType).toBe('STANDARD');

    const deployed = JSON.parse(
      renderTicketTimer({ DecideFunctionArn: 'arn:decide' }, props.DefinitionString),
    );
    const fromFile = JSON.parse(renderTicketTimer({ DecideFunctionArn: 'arn:decide' }));
    expect(deployed).toEqual(fromFile);
    expect(deployed.States.Decide.Parameters.FunctionName).toBe('arn:decide');
  });

  it('waits until $.wakeAt, invokes decide with the ticket id and retries with back-off', () => {
    const wait = asl.States[asl.StartAt];
    expect(wait).toMatchObject({ Type: 'Wait', TimestampPath: '$.wakeAt' });
    const task = asl.States[String(wait?.Next)] as {
      Type: string;
      Resource: string;
      Parameters: { Payload: unknown };
      Retry: { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts: number }[];
      Next: string;
    };
    expect(task).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    expect(task.Parameters.Payload).toEqual({ 'ticketId.$': '$.ticketId' });
    expect(task.Retry[0]?.ErrorEquals).toContain('Lambda.ServiceException');
    expect(task.Retry[0]?.BackoffRate).toBeGreaterThan(1);
    expect(task.Retry.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
    expect(asl.States[task.Next]).toMatchObject({ Type: 'Choice', Default: 'Done' });
    expect(JSON.stringify(asl)).not.toMatch(/JSONata|waitForTaskToken|"Assign"/);
  });

  it('loops while decide names a next wake-up and ends when it returns null (run locally)', async () => {
    const calls: unknown[] = [];
    const wakeUps = ['2026-01-01T00:00:05Z', null];
    const machine = new StateMachine(
      JSON.parse(
        renderTicketTimer({ DecideFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:decide' }),
      ) as StateMachineDefinition,
    );
    const execution = machine.run(
      { ticketId: 'T-1', wakeAt: '2026-01-01T00:00:00Z' },
      {
        overrides: {
          waitTimeOverrides: { WaitUntilDue: 0 },
          taskResourceLocalHandlers: {
            Decide: (input) => {
              calls.push(input);
              return { Payload: { ticketId: 'T-1', wakeAt: wakeUps[calls.length - 1] ?? null } };
            },
          },
        },
      },
    );
    await expect(execution.result).resolves.toEqual({ ticketId: 'T-1', wakeAt: null });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ Payload: { ticketId: 'T-1' } });
  });

  it('logs all events with execution data, traces, and may invoke only the decide function', () => {
    const { template, stack } = synthesized('dev');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      TracingConfiguration: { Enabled: true },
    });
    const invokes = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      )
      .filter((s) => s.Action === 'lambda:InvokeFunction');
    expect(invokes).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [logicalId(stack.timers.decide.function), 'Arn'] },
      }),
    ]);
  });
});

describe('notifications', () => {
  it('encrypts the alarm topic with a rotating key and refuses plain HTTP', () => {
    const { template } = synthesized('dev');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('alarms', () => {
  it('alarms the operations topic on function errors, API 5xx and failed timers', () => {
    const { template, stack } = synthesized('prod');
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    const topic = { Ref: logicalId(stack.notifications.alarmTopic) };
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(
      [...AUDIENCE_NAMES.map(() => 'Errors'), '5xx', 'ExecutionsFailed'].sort(),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);
  });
});

describe('web hosting', () => {
  it('sends every page header of shared/api/security-headers.ts, and HSTS', () => {
    const { template } = synthesized('dev');
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Preload: true,
            Override: true,
          },
        },
        CustomHeadersConfig: {
          Items: [
            {
              Header: 'Permissions-Policy',
              Value: PAGE_SECURITY_HEADERS['Permissions-Policy'],
              Override: true,
            },
          ],
        },
      },
    });
  });

  it('maps each shared header exactly once and refuses values CloudFront cannot send', () => {
    const { security, custom } = pageHeadersPolicy();
    const mapped = Object.keys(security).length - 1 + custom.length; // minus HSTS
    expect(mapped).toBe(Object.keys(PAGE_SECURITY_HEADERS).length);
    expect(() => pageHeadersPolicy({ 'X-Frame-Options': 'ALLOW-FROM x' })).toThrow(/X-Frame-Options/);
  });

  it('serves the private bucket through OAC and /api/* from the HTTP API, uncached, on one origin', () => {
    const { template, stack } = synthesized('dev');
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const distribution = Object.values(resourcesOfType(template, 'AWS::CloudFront::Distribution'))[0]
      ?.Properties?.DistributionConfig as {
      DefaultRootObject: string;
      CustomErrorResponses?: unknown;
      Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
      CacheBehaviors: {
        PathPattern: string;
        TargetOriginId: string;
        CachePolicyId: string;
        OriginRequestPolicyId: string;
        AllowedMethods: string[];
      }[];
    };
    expect(distribution.DefaultRootObject).toBe('index.html');
    // SPA routes are rewritten by a viewer-request function instead: error responses would also
    // replace the API's 403/404 answers with index.html.
    expect(distribution.CustomErrorResponses).toBeUndefined();

    const api = distribution.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
    expect(api?.AllowedMethods).toHaveLength(7);
    const apiOrigin = distribution.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain(logicalId(stack.api.httpApi));
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain('.execute-api.');
    expect(distribution.Origins.filter((o) => o.OriginAccessControlId !== undefined)).toHaveLength(1);
  });

  it('rewrites client-side routes to index.html and leaves files alone', () => {
    const { template } = synthesized('dev');
    const code = Object.values(resourcesOfType(template, 'AWS::CloudFront::Function'))[0]?.Properties
      ?.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => {
      uri: string;
    };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/tickets/T-42')).toBe('/index.html');
    expect(rewrite('/sw.js')).toBe('/sw.js');
    expect(rewrite('/assets/index-3f9a.js')).toBe('/assets/index-3f9a.js');
  });

  it('uploads the shell (index.html, sw.js) with no-cache and hashed assets as immutable', () => {
    const { template } = synthesized('dev');
    const deployments = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment')).map(
      (d) =>
        d.Properties as { SystemMetadata: { 'cache-control': string }; Exclude: string[]; Prune: boolean },
    );
    const shell = deployments.find((d) => d.SystemMetadata['cache-control'] === SHELL_CACHE_CONTROL);
    const assets = deployments.find((d) => d.SystemMetadata['cache-control'].includes('immutable'));
    expect(shell).toMatchObject({ Exclude: ['assets/*'], Prune: true });
    expect(assets).toMatchObject({ Exclude: ['*'], Prune: false });
  });

  it('refuses to synthesize without a built PWA, saying what to run', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(
      () =>
        new SitecallStack(app, 'no-web', {
          stage: 'dev',
          appVersion: '0.0.0',
          webAssetsDir: join(PROJECT_ROOT, 'test/infra/fixtures/missing'),
        }),
    ).toThrow(/npm run build first/);
  });
});

describe('outputs', () => {
  it('names the web URL, the API URL and the table', () => {
    const outputs = synthesized('prod').template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['WebUrl', 'ApiUrl', 'TableName', 'SigningKeySecretArn']),
    );
  });
});
