import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../shared/table.ts';
import { ESBUILD_OPTIONS, entryPath, type LambdaName, PROJECT_ROOT } from '../bundling.ts';

/** What a function may do with the table. There is no Scan: request paths query by key or index. */
export type TableAccess = 'read' | 'readWrite';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export interface SitecallFunctionProps {
  /** Which bundle of infra/bundling.ts this function runs. */
  readonly bundle: LambdaName;
  /** Environment variables beyond APP_VERSION (and NODE_OPTIONS when source maps are on). */
  readonly environment?: Record<string, string>;
  /** The release, from package.json; handlers report it on /api/health. */
  readonly appVersion: string;
  /**
   * 512 MB: on arm64 the CPU share grows with memory, and the bundled SDK's cold start is CPU-bound;
   * below 512 MB the first request of a container takes noticeably longer for a saving of cents.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * API handlers must answer well inside API Gateway's 30 s integration limit.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /** How long the function's log group keeps entries. */
  readonly logRetention: RetentionDays;
  /** DESTROY in dev, RETAIN in prod: applies to the log group. */
  readonly removalPolicy: RemovalPolicy;
  /** Shown in the console. */
  readonly description?: string;
}

/**
 * A Node 24 arm64 Lambda with Sitecall's defaults: bundled with the options of infra/bundling.ts, its
 * own log group with a retention, and its own role that may write only to that log group (no
 * AWSLambdaBasicExecutionRole, which would allow every log group of the account). Further rights are
 * added through the grant helpers, one place each.
 */
export class SitecallFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SitecallFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'log-group', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.role = new Role(this, 'role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.bundle} Lambda of Sitecall`,
    });
    this.logGroup.grantWrite(this.role);

    const sourceMaps = ESBUILD_OPTIONS.sourcemap !== false;
    this.function = new NodejsFunction(this, 'function', {
      entry: entryPath(props.bundle),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      description: props.description,
      environment: {
        ...props.environment,
        APP_VERSION: props.appVersion,
        ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      bundling: {
        format: ESBUILD_OPTIONS.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        target: ESBUILD_OPTIONS.target,
        minify: ESBUILD_OPTIONS.minify,
        sourceMap: sourceMaps,
        mainFields: [...ESBUILD_OPTIONS.mainFields],
        externalModules: [...ESBUILD_OPTIONS.external],
        bundleAwsSDK: true,
        banner: ESBUILD_OPTIONS.banner.js,
        forceDockerBundling: false,
      },
    });
  }

  /**
   * Lets the function use the table and its indexes: item reads and queries, and for 'readWrite' item
   * writes. The index ARNs are listed one by one from TABLE_DEFINITION instead of `index/*`.
   */
  public bindTable(table: ITable, access: TableAccess): void {
    const resources = [
      table.tableArn,
      ...TABLE_DEFINITION.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
    ];
    const actions =
      access === 'readWrite' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
    this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    this.function.addEnvironment('TABLE_NAME', table.tableName);
  }
}
