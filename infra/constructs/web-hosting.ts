import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PAGE_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from '../../shared/api/security-headers.ts';

/** Vite writes content-hashed files here; everything else in web/dist keeps its name across releases. */
export const HASHED_ASSETS_PREFIX = 'assets/';
/** Content-hashed files never change: browsers and CloudFront may keep them for a year. */
export const HASHED_ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/**
 * Everything else (index.html, sw.js, the web manifest, icons) is revalidated on every use, so a new
 * release and its service worker reach phones at the next visit without a CloudFront invalidation.
 */
export const SHELL_CACHE_CONTROL = 'no-cache';

export interface WebHostingProps {
  /** The built PWA (web/dist). Synthesis fails with a clear message when it has no index.html. */
  readonly webAssetsDir: string;
  /** The HTTP API, served under /api/* from the same origin as the PWA. */
  readonly httpApi: IHttpApi;
  /** DESTROY (with the objects) in dev, RETAIN in prod. */
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  /** How long CloudFront and S3 access logs are kept. */
  readonly accessLogExpiration: Duration;
}

/**
 * Turns the shared page headers into CloudFront's response headers policy. CloudFront refuses the
 * security headers as custom headers, so each known one is mapped to its typed field; an unknown
 * value throws instead of being dropped silently.
 */
export function pageHeadersPolicy(
  headers: Record<string, string> = PAGE_SECURITY_HEADERS,
  hsts: string = STRICT_TRANSPORT_SECURITY,
): {
  security: ResponseSecurityHeadersBehavior;
  custom: { header: string; value: string; override: boolean }[];
} {
  const security: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const custom: { header: string; value: string; override: boolean }[] = [];
  for (const [header, value] of Object.entries(headers)) {
    switch (header.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff')
          throw new Error(`CloudFront only sends X-Content-Type-Options: nosniff, not '${value}'`);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = Object.values(HeadersFrameOption).find((o) => o === value.toUpperCase());
        if (frameOption === undefined) throw new Error(`Unknown X-Frame-Options '${value}'`);
        security.frameOptions = { frameOption, override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = Object.values(HeadersReferrerPolicy).find((p) => p === value);
        if (referrerPolicy === undefined) throw new Error(`Unknown Referrer-Policy '${value}'`);
        security.referrerPolicy = { referrerPolicy, override: true };
        break;
      }
      case 'strict-transport-security':
      case 'x-xss-protection':
        throw new Error(`${header} must not be a page header here: HSTS has its own constant`);
      default:
        custom.push({ header, value, override: true });
    }
  }
  const maxAge = /max-age=(\d+)/i.exec(hsts)?.[1];
  if (maxAge === undefined) throw new Error(`No max-age in Strict-Transport-Security '${hsts}'`);
  security.strictTransportSecurity = {
    accessControlMaxAge: Duration.seconds(Number(maxAge)),
    includeSubdomains: /includeSubDomains/i.test(hsts),
    preload: /preload/i.test(hsts),
    override: true,
  };
  return { security, custom };
}

/**
 * A single-page app's client-side routes (/tickets/42) have no file in the bucket: serve index.html
 * for any path whose last segment has no dot. Done per behaviour in a viewer-request function rather
 * than with the distribution's error responses, which would also turn the API's 403 and 404 answers
 * into index.html with status 200.
 */
const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last === '' || last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The PWA's hosting: a private, versioned S3 bucket read by CloudFront through Origin Access Control,
 * the API under /api/* on the same origin (no CORS, one CSP 'self'), the page security headers on
 * every response, and access logs for both the bucket and the distribution.
 */
export class WebHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);

    if (!existsSync(join(props.webAssetsDir, 'index.html'))) {
      throw new Error(
        `The PWA is not built: ${join(props.webAssetsDir, 'index.html')} does not exist. Run npm run build first.`,
      );
    }
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    // CloudFront standard logs are written with an ACL grant, so this bucket keeps ACLs enabled.
    this.logBucket = new Bucket(this, 'log-bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: props.accessLogExpiration }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access log bucket of the web bucket and the distribution; logging it into itself would log its own log deliveries without end.',
    });

    this.bucket = new Bucket(this, 'bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Versions let a bad release be rolled back by hand; old versions expire after a month.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-web/',
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });

    const headers = pageHeadersPolicy();
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'headers', {
      comment: 'Sitecall page security headers (shared/api/security-headers.ts)',
      securityHeadersBehavior: headers.security,
      customHeadersBehavior: { customHeaders: headers.custom },
    });

    // Respects the Cache-Control the deployment writes on each object (see the constants above).
    const pwaCachePolicy = new CachePolicy(this, 'pwa-cache', {
      comment: 'Sitecall PWA: origin Cache-Control decides, no-cache shell and immutable assets',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const spaFallback = new EdgeFunction(this, 'spa-fallback', {
      comment: 'Serve index.html for client-side routes of the PWA',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_FALLBACK_CODE),
    });

    const apiDomain = `${props.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const apiOrigin = new HttpOrigin(apiDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });

    this.distribution = new Distribution(this, 'distribution', {
      comment: `Sitecall PWA and API (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Users are in mainland China; the nearest edges outside it (Hong Kong, Taiwan, Japan…) are in
      // price class 200. Edges inside mainland China belong to the separate AWS China partition.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: pwaCachePolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: customers are in mainland China but engineers travel and use roaming phones; abuse is limited in the application, not by country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF for now: a web ACL costs more than the rest of this small deployment; per-IP and per-phone rate limits and SMS only to known numbers are enforced in the handlers. Revisit if abuse appears.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, with which CloudFront always allows TLSv1; a minimum of TLSv1.2_2021 needs a custom domain and ACM certificate, which come with the production domain.',
    });

    // The deployment's own role: without it CDK attaches AWSLambdaBasicExecutionRole (all log groups).
    const deployLogGroup = new LogGroup(this, 'deployment-log-group', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const deployRole = new Role(this, 'deployment-role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built PWA into the web bucket during deployment',
    });
    deployLogGroup.grantWrite(deployRole);

    const source = Source.asset(props.webAssetsDir);
    const assets = new BucketDeployment(this, 'deploy-assets', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [`${HASHED_ASSETS_PREFIX}*`],
      cacheControl: [CacheControl.fromString(HASHED_ASSETS_CACHE_CONTROL)],
      // Keep earlier releases' hashed files: a page loaded before the release still asks for them.
      prune: false,
      role: deployRole,
      logGroup: deployLogGroup,
      memoryLimit: 512,
    });
    const shell = new BucketDeployment(this, 'deploy-shell', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: [`${HASHED_ASSETS_PREFIX}*`],
      cacheControl: [CacheControl.fromString(SHELL_CACHE_CONTROL)],
      prune: true,
      role: deployRole,
      logGroup: deployLogGroup,
      memoryLimit: 512,
    });
    // The new index.html must not be served before the files it names exist.
    shell.node.addDependency(assets);

    // The rights CDK's BucketDeployment gives its role: read the build from the CDK asset bucket, then
    // `aws s3 sync` it into the web bucket. They are scoped to those two buckets; the wildcards are in
    // the action groups and object keys that a sync of an arbitrary file tree needs.
    const deploymentGrants: Record<string, string> = {
      'Action::s3:GetObject*':
        'Reads the zipped build (GetObject, GetObjectVersion…) from the CDK asset bucket; only on that bucket and the web bucket.',
      'Action::s3:GetBucket*':
        'Sync reads bucket metadata (location, versioning) of the asset and web buckets only.',
      'Action::s3:List*':
        'Sync lists the web bucket to compare it with the build; only the asset and web buckets.',
      'Action::s3:DeleteObject*':
        'Prune removes files no longer in the build; only objects of the web bucket.',
      'Action::s3:Abort*':
        'Aborts its own failed multipart uploads of large files; only objects of the web bucket.',
      [`Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`]:
        'Objects of the CDK bootstrap asset bucket, where cdk deploy uploads the zipped build under a content-hash key.',
      [`Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`]:
        'Every file of the build is written under its own key in the web bucket.',
    };
    for (const [finding, reason] of Object.entries(deploymentGrants)) {
      Validations.of(deployRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
    // BucketDeployment's handler is CDK's own Python function (aws s3 sync in a layer); its runtime
    // moves with aws-cdk-lib releases, not with this code.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason:
            'The BucketDeployment handler is provided by aws-cdk-lib with the Python runtime it was tested on; it runs only during deployments and is updated by upgrading aws-cdk-lib.',
        });
      }
    }
  }
}
