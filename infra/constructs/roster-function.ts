import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The Lambda runtime; package.json pins the same Node major for local runs and CI. */
export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * esbuild settings of every function bundle: ESM, minified, with the AWS SDK
 * bundled too (which starts faster than the runtime's copy). The benchmark
 * suite bundles with the same settings to measure size and module-init time.
 */
export const ROSTER_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the SDK too: see docs/BENCHMARKS.md for the init time it saves.
  externalModules: [] as string[],
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner: "import { createRequire as rosterCreateRequire } from 'node:module'; const require = rosterCreateRequire(import.meta.url);",
  // Lambda's credentials are in the environment; the SDK's full provider chain adds about 35 KB gzipped per bundle.
  esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': './functions/commons/lambda-credentials.ts' } as Record<string, string>,
} satisfies NodejsFunctionProps['bundling'];

export interface RosterFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'logGroup'> {
  /** Handler module under functions/, without `.ts`, as in the route table. */
  handlerModule: string;
  /** Days the function's log group keeps events. */
  logRetention: RetentionDays;
  /** Removal policy of the log group. */
  logRemovalPolicy: RemovalPolicy;
}

/**
 * A Roster Lambda function: Node 24 on arm64, X-Ray tracing, JSON logs in an
 * explicit log group, and an ESM bundle that includes the AWS SDK (which
 * starts faster than the runtime's copy). Settings the caller passes are
 * merged with these defaults, never dropped.
 */
export class RosterFunction extends NodejsFunction {
  readonly logGroupResource: LogGroup;

  constructor(scope: Construct, id: string, props: RosterFunctionProps) {
    const { handlerModule, logRetention, logRemovalPolicy, environment, bundling, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: logRetention, removalPolicy: logRemovalPolicy });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to every log group.
    const role = rest.role ?? new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    if (role instanceof Role) logGroup.grantWrite(role);
    super(scope, id, {
      role,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      ...rest,
      entry: join(ROOT, 'functions', `${handlerModule}.ts`),
      handler: 'handler',
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'roster',
        POWERTOOLS_METRICS_NAMESPACE: 'Roster',
        ...environment,
      },
      bundling: {
        ...ROSTER_BUNDLING,
        externalModules: [...ROSTER_BUNDLING.externalModules],
        ...bundling,
        esbuildArgs: { ...ROSTER_BUNDLING.esbuildArgs, ...bundling?.esbuildArgs },
      },
    });
    this.logGroupResource = logGroup;
  }
}
