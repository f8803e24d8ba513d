import { ArnFormat, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROUTES, type TableAccess, functionId, type RouteDefinition } from '../../functions/routes.ts';
import { WORKERS, type WorkerDefinition } from '../../functions/workers.ts';
import type { StageConfig } from '../config.ts';
import { RosterFunction } from '../constructs/roster-function.ts';
import { QUEUES, queueUrlVariable } from '../resources.ts';
import { addBackfill } from '../constructs/backfill.ts';
import { addCustomDomain } from '../constructs/custom-domain.ts';
import { addMonitoring } from '../constructs/monitoring.ts';
import { addOperations } from '../constructs/operations.ts';
import { addOperatorOutputs } from '../constructs/outputs.ts';
import { addSecurity } from '../constructs/security.ts';
import { addWelcomeEmail } from '../constructs/welcome-email.ts';

export interface ServiceStackProps extends StackProps {
  config: StageConfig;
  table: TableV2;
  idempotencyTable: TableV2;
  cursorKey: Secret;
  queues: Map<string, { queue: Queue; deadLetterQueue: Queue }>;
}

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

/** A function's permissions and settings, merged over every route or worker that shares its handler module. */
interface FunctionNeeds {
  handler: string;
  table: TableAccess;
  secrets: Set<string>;
  writesSecrets: Set<string>;
  sendsTo: Set<string>;
  timeoutSeconds: number;
  idempotency: boolean;
}

/** Context handed to the feature constructs (infra/constructs/*.ts) so they can add resources and grants. */
export interface ServiceContext {
  scope: Stack;
  config: StageConfig;
  table: TableV2;
  api: HttpApi;
  functions: Map<string, RosterFunction>;
  queues: ServiceStackProps['queues'];
}

/** The stateless part: one Lambda function per handler module, the HTTP API and the queue consumers. */
export class ServiceStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, RosterFunction>();

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, table, idempotencyTable, queues } = props;

    this.api = new HttpApi(this, 'HttpApi', { description: `Roster admin API and SCIM 2.0 (${config.stage})` });

    for (const needs of collectNeeds(ROUTES, WORKERS)) {
      const fn = new RosterFunction(this, functionId(needs.handler), {
        handlerModule: needs.handler,
        description: `Roster ${needs.handler}`,
        timeout: Duration.seconds(needs.timeoutSeconds),
        logRetention: config.logRetention,
        logRemovalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        environment: {
          ROSTER_TABLE_NAME: table.tableName,
          ROSTER_SECRET_PREFIX: config.secretPrefix,
          ROSTER_AUDIT_RETENTION_DAYS: String(config.auditRetentionDays),
          POWERTOOLS_LOG_LEVEL: config.logLevel,
          ...(needs.idempotency ? { ROSTER_IDEMPOTENCY_TABLE_NAME: idempotencyTable.tableName } : {}),
          ...Object.fromEntries([...needs.sendsTo].map((name) => [queueUrlVariable(name), requireQueue(queues, name).queue.queueUrl])),
        },
      });
      fn.addToRolePolicy(new PolicyStatement({ actions: TABLE_ACTIONS[needs.table], resources: [table.tableArn] }));
      if (needs.idempotency) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            resources: [idempotencyTable.tableArn],
          }),
        );
      }
      for (const name of needs.sendsTo) requireQueue(queues, name).queue.grantSendMessages(fn);
      // Secrets Manager appends six random characters to a secret's name in its ARN.
      const secretArns = (names: Set<string>) =>
        [...names].map((name) =>
          this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${config.secretPrefix}${name}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        );
      if (needs.secrets.size > 0) fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secretArns(needs.secrets) }));
      if (needs.writesSecrets.size > 0) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'],
            resources: secretArns(needs.writesSecrets),
          }),
        );
      }
      this.functions.set(needs.handler, fn);
    }

    for (const route of ROUTES) {
      const fn = this.functions.get(route.handler)!;
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: new HttpLambdaIntegration(`${functionId(route.handler)}${route.method}Integration`.slice(0, 200), fn),
      });
    }

    for (const worker of WORKERS) {
      if (!worker.consumes) continue;
      const definition = QUEUES.find((queue) => queue.name === worker.consumes);
      const { queue } = requireQueue(queues, worker.consumes);
      this.functions.get(worker.handler)!.addEventSource(
        new SqsEventSource(queue, { batchSize: definition?.batchSize ?? 10, reportBatchItemFailures: true }),
      );
    }

    const context: ServiceContext = { scope: this, config, table, api: this.api, functions: this.functions, queues };
    const { configurationSet } = addWelcomeEmail(context);
    addBackfill(context);
    addOperations(context);
    addMonitoring(context, { emailConfigurationSet: configurationSet });
    addCustomDomain(context);
    addOperatorOutputs(context);
    addSecurity(context);
  }
}

function requireQueue(queues: ServiceStackProps['queues'], name: string) {
  const found = queues.get(name);
  if (!found) throw new Error(`Queue ${name} is used by a function but not defined in infra/resources.ts.`);
  return found;
}

function collectNeeds(routes: RouteDefinition[], workers: WorkerDefinition[]): FunctionNeeds[] {
  const byHandler = new Map<string, FunctionNeeds>();
  const merge = (
    handler: string,
    table: TableAccess,
    secrets: string[] = [],
    writesSecrets: string[] = [],
    sendsTo: string[] = [],
    timeoutSeconds = 10,
    idempotency = false,
  ) => {
    const needs = byHandler.get(handler) ?? {
      handler,
      table,
      secrets: new Set(),
      writesSecrets: new Set(),
      sendsTo: new Set(),
      timeoutSeconds,
      idempotency,
    };
    needs.idempotency ||= idempotency;
    if (table === 'write') needs.table = 'write';
    secrets.forEach((name) => needs.secrets.add(name));
    writesSecrets.forEach((name) => needs.writesSecrets.add(name));
    sendsTo.forEach((name) => needs.sendsTo.add(name));
    needs.timeoutSeconds = Math.max(needs.timeoutSeconds, timeoutSeconds);
    byHandler.set(handler, needs);
  };
  for (const route of routes) merge(route.handler, route.table, route.secrets, route.writesSecrets, route.sendsTo, 10, route.idempotency);
  for (const worker of workers) merge(worker.handler, worker.table, worker.secrets, [], worker.sendsTo, worker.timeoutSeconds, worker.idempotency);
  return [...byHandler.values()];
}
