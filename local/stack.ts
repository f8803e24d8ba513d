import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { IDEMPOTENCY_TABLE, TABLE, queueUrlVariable } from '../infra/resources.ts';
import { type RunningService, queueUrlOnEndpoint, startDynamoDbLocal, startSesV2Emulator, startSqsEmulator } from './emulators.ts';
import { ensureIdempotencyTable, ensureQueues, ensureTable } from './resources.ts';

export interface LocalStackOptions {
  /** Folder for DynamoDB data and local secrets; omitted with `inMemory`. */
  stateDir: string;
  inMemory: boolean;
  ports: { dynamodb: number; sqs: number; ses: number };
  logLevel?: string;
  /** Replaces every queue's visibility timeout (seconds); tests use a short one so retries happen quickly. */
  queueVisibilityTimeoutSeconds?: number;
}

export interface LocalStack {
  endpoints: { dynamodb: string; sqs: string; ses: string };
  tableName: string;
  queueUrls: Record<string, string>;
  /** The variables a handler needs; also set on this process. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the three emulators, creates the table and queues and sets the
 * environment that the handlers read. Handler code is not changed for local
 * runs: the AWS SDK's AWS_ENDPOINT_URL_<SERVICE> variables point it at the emulators.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: RunningService[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    const dataDir = options.inMemory ? undefined : join(options.stateDir, 'dynamodb');
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const dynamodb = await startDynamoDbLocal({ port: options.ports.dynamodb, ...(dataDir ? { dataDir } : {}) });
    started.push(dynamodb);
    const sqs = await startSqsEmulator({ port: options.ports.sqs });
    started.push(sqs);
    const ses = await startSesV2Emulator({ port: options.ports.ses });
    started.push(ses);

    const secretsDir = join(options.stateDir, 'secrets');
    const env: Record<string, string> = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_SESV2: ses.url,
      ROSTER_TABLE_NAME: TABLE.name,
      ROSTER_IDEMPOTENCY_TABLE_NAME: IDEMPOTENCY_TABLE.name,
      ROSTER_SECRETS_DIR: secretsDir,
      ROSTER_SENDER_ADDRESS: 'Roster <no-reply@roster.example.com>',
      ROSTER_SIGN_IN_URL: 'https://app.roster.example.com/sign-in',
      POWERTOOLS_SERVICE_NAME: 'roster',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'INFO',
      POWERTOOLS_DEV: 'true',
      // Set by Lambda; Powertools flags a cold start only when it is on-demand.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    };
    Object.assign(process.env, env);
    // The shared logger may have been built before this ran (the route table imports handler code), so apply the level to it too.
    const { logger } = await import('../functions/commons/powertools.ts');
    logger.setLogLevel(env.POWERTOOLS_LOG_LEVEL as Parameters<typeof logger.setLogLevel>[0]);

    const dynamoClient = new DynamoDBClient({ endpoint: dynamodb.url });
    const sqsClient = new SQSClient({ endpoint: sqs.url });
    await ensureTable(dynamoClient, TABLE.name);
    await ensureIdempotencyTable(dynamoClient);
    const createdQueueUrls = await ensureQueues(sqsClient, options.queueVisibilityTimeoutSeconds);
    const queueUrls = Object.fromEntries(Object.entries(createdQueueUrls).map(([name, url]) => [name, queueUrlOnEndpoint(url, sqs.url)]));
    dynamoClient.destroy();
    sqsClient.destroy();
    for (const [name, url] of Object.entries(queueUrls)) env[queueUrlVariable(name)] = url;
    Object.assign(process.env, env);

    await ensureLocalSecrets(secretsDir);
    return {
      endpoints: { dynamodb: dynamodb.url, sqs: sqs.url, ses: ses.url },
      tableName: TABLE.name,
      queueUrls,
      env,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Writes the secrets a deployment's stack generates (the cursor signing key), unless they exist. */
async function ensureLocalSecrets(secretsDir: string): Promise<void> {
  const { FileSecretStore } = await import('../functions/adapters/secrets/file-store.ts');
  const store = new FileSecretStore(secretsDir);
  if (!(await store.get('cursor-signing-key'))) await store.put('cursor-signing-key', randomBytes(32).toString('base64url'));
}
