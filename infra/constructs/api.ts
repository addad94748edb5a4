import type { RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUDIENCE_NAMES, AUDIENCES, type Audience } from '../../shared/api/audiences.ts';
import { SitecallFunction } from './function.ts';

export interface ApiProps {
  readonly table: ITable;
  readonly appVersion: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Stage-wide throttling. Sitecall serves one maintenance company: a few hundred requests a minute
   * at most. The limit caps the bill and the table's on-demand spend if a client loops; per-IP and
   * per-phone limits live in the application (HTTP APIs cannot attach WAF).
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly throttle?: ThrottleSettings;
}

/**
 * Why no route has an API Gateway authorizer (cdk-nag AwsSolutions-APIG4), per audience. Sitecall
 * signs its own session tokens after an SMS sign-in; an HTTP API JWT authorizer needs an OIDC issuer
 * with a public JWKS, which Sitecall does not run, so the handlers check the token themselves.
 */
const WHY_NO_GATEWAY_AUTHORIZER: Record<Audience, string> = {
  public:
    'Anonymous by design: customers report faults and read status pages from a contract link or QR label without an account; the handler rate-limits per IP.',
  auth: 'These routes are the sign-in itself (SMS code, refresh, sign-out), so they cannot require a session; the handler rate-limits per phone number and IP.',
  field:
    'Engineer routes are authorized in the handler with the session token Sitecall issues after SMS sign-in (no OIDC issuer exists for a gateway JWT authorizer).',
  desk: 'Desk routes are authorized in the handler with the session token Sitecall issues after SMS sign-in, including role checks a gateway authorizer could not express.',
};

/** Splits an API Gateway route pattern such as 'GET /api/health' into method and path. */
export function parseRoute(route: string): { method: HttpMethod; path: string } {
  const [method, path, ...rest] = route.split(' ');
  const known = Object.values(HttpMethod) as string[];
  if (method === undefined || path === undefined || rest.length > 0 || !known.includes(method)) {
    throw new Error(`Not an API Gateway route pattern: '${route}'`);
  }
  return { method: method as HttpMethod, path };
}

/**
 * The HTTP API: one Lambda per audience of shared/api/audiences.ts and exactly the routes listed
 * there, on the $default stage with access logs and throttling.
 */
export class Api extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogGroup: LogGroup;
  public readonly functions: Record<Audience, SitecallFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'http-api', {
      description: 'Sitecall API: public intake, sign-in, field and desk',
      // The stage is created below, with access logs and throttling.
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'access-log', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = this.httpApi.addStage('default-stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    const functions: Partial<Record<Audience, SitecallFunction>> = {};
    for (const audience of AUDIENCE_NAMES) {
      const fn = new SitecallFunction(this, `${audience}-function`, {
        bundle: audience,
        appVersion: props.appVersion,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
        description: `Sitecall API, ${audience} audience`,
      });
      fn.bindTable(props.table, 'readWrite');
      functions[audience] = fn;

      const integration = new HttpLambdaIntegration(`${audience}-integration`, fn.function);
      for (const pattern of AUDIENCES[audience].routes) {
        const { method, path } = parseRoute(pattern);
        const routes = this.httpApi.addRoutes({ path, methods: [method], integration });
        for (const route of routes) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: WHY_NO_GATEWAY_AUTHORIZER[audience],
          });
        }
      }
    }
    this.functions = functions as Record<Audience, SitecallFunction>;
  }
}
