import { DynamoDBClient, GetItemCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { WORKERS } from '../../functions/workers.ts';
import { BACKFILL_WORKERS } from '../../functions/workers/backfill/definition.ts';
import { USER_PREFIX, orgPk, userSk } from '../../functions/adapters/dynamodb/keys.ts';
import type { BenchContext } from '../harness/context.ts';
import { skipped } from '../harness/context.ts';
import { type BenchOrg, createBenchOrg } from '../harness/orgs.ts';
import { forEachConcurrent, prepareInvocation, sendHttp } from '../harness/requests.ts';
import { type ScenarioEnv, newUserBody } from './scenarios.ts';

/** A backfill that has not cleared Need Sync by then counts as failed; it keeps the bench bounded. */
const BACKFILL_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 200;

/** Returns why backfill cannot be measured on this branch, or undefined when it can. */
export function backfillUnavailable(): string | undefined {
  const consumers = BACKFILL_WORKERS.filter((worker) => worker.consumes);
  if (consumers.length === 0) return 'no backfill consumers in WORKERS on this branch';
  if (!WORKERS.some((worker) => consumers.includes(worker))) return 'the backfill consumers are not in WORKERS';
  return undefined;
}

/** Creates an org with integrations connected and `autoBackfill` on, so that adding a user queues their backfill. */
export async function createBackfillOrg(apiUrl: string): Promise<BenchOrg> {
  const org = await createBenchOrg({ integrations: ['salesforce', 'gong'] });
  const response = await sendHttp(apiUrl, { method: 'PATCH', path: '/v1/settings', token: org.adminToken, body: { autoBackfill: true } });
  if (response.status !== 200) throw new Error(`Turning on autoBackfill failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return org;
}

/** Checks whether the user still needs a sync, with a client of its own so that the check is never recorded. */
async function needsSync(client: DynamoDBClient, tableName: string, orgId: string, userId: string): Promise<boolean> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: orgPk(orgId) }, sk: { S: userSk(userId) } }, ProjectionExpression: 'needsSync', ConsistentRead: true }),
  );
  return Boolean(Item?.needsSync?.SS?.length);
}

/** Counts the org's users that still need a sync. */
export async function countNeedingSync(client: DynamoDBClient, tableName: string, orgId: string): Promise<number> {
  let count = 0;
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_exists(needsSync)',
        ExpressionAttributeValues: { ':pk': { S: orgPk(orgId) }, ':prefix': { S: USER_PREFIX } },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + BACKFILL_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${BACKFILL_TIMEOUT_MS / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Adds one user to an org with autoBackfill on and records the DynamoDB calls
 * made until the queue consumers have cleared the user's Need Sync marks.
 * That is the cost of backfilling one user; the fake providers cost nothing here.
 */
export async function measureBackfillOfOneUser(context: BenchContext, _env: ScenarioEnv) {
  const reason = backfillUnavailable();
  if (reason) return skipped(context, 'backfill of one user', reason);
  const bench = await context.stack();
  await bench.startPollers();
  const org = await createBackfillOrg(bench.apiUrl);
  const checker = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  try {
    const add = await prepareInvocation({ method: 'POST', path: '/v1/users', token: org.adminToken, body: newUserBody() });
    let userId = '';
    const { calls } = await bench.recorder.record(async () => {
      const response = await add.invoke();
      userId = response.body.id;
      await waitUntil(() => needsSync(checker, bench.stack.tableName, org.orgId, userId).then((pending) => !pending), 'the backfill of one user');
    });
    const { costOfCalls } = await import('./cost.ts');
    return costOfCalls('backfill of one user (add with autoBackfill, then every integration consumer)', calls);
  } finally {
    checker.destroy();
  }
}

/** Adds `count` users to an autoBackfill org and times until every backfill has cleared Need Sync. */
export async function measureBackfill(context: BenchContext, count: number): Promise<{ totalMs: number; users: number } | string> {
  const reason = backfillUnavailable();
  if (reason) return skipped(context, `backfill of ${count} users`, reason);
  const bench = await context.stack();
  await bench.startPollers();
  const org = await createBackfillOrg(bench.apiUrl);
  const checker = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  try {
    const started = performance.now();
    await forEachConcurrent([...Array(count).keys()], context.options.concurrency, async () => {
      const response = await sendHttp(bench.apiUrl, { method: 'POST', path: '/v1/users', token: org.adminToken, body: newUserBody() });
      if (response.status !== 201) throw new Error(`Adding a user failed with ${response.status}: ${JSON.stringify(response.body)}`);
    });
    await waitUntil(async () => (await countNeedingSync(checker, bench.stack.tableName, org.orgId)) === 0, `the backfill of ${count} users`);
    return { totalMs: performance.now() - started, users: count };
  } finally {
    checker.destroy();
  }
}
