import { DynamoDBClient, GetItemCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ROUTES } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import { BACKFILL_WORKERS } from '../../functions/workers/backfill/definition.ts';
import { USER_PREFIX, orgPk, userSk } from '../../functions/adapters/dynamodb/keys.ts';
import type { BenchContext } from '../harness/context.ts';
import { skipped } from '../harness/context.ts';
import { type BenchOrg, createBenchOrg } from '../harness/orgs.ts';
import { forEachConcurrent, prepareInvocation, sendHttp } from '../harness/requests.ts';
import { type ScenarioEnv, newUserBody } from './scenarios.ts';
import type { FakeProviders } from '../harness/stack.ts';

/** A backfill that has not cleared Need Sync by then is reported as not finished; it keeps the bench bounded. */
const BACKFILL_TIMEOUT_MS = 5 * 60_000;
/** Integrations the backfill figures connect: one CRM and one call tool. */
const BACKFILL_INTEGRATIONS = ['salesforce', 'gong'] as const;
/** Records per user in each fake provider, as the backfill tests seed them. */
const RECORDS_PER_USER = 5;
const POLL_MS = 200;

/** Returns why backfill cannot be measured on this branch, or undefined when it can. */
export function backfillUnavailable(fakes: FakeProviders | undefined): string | undefined {
  const consumers = BACKFILL_WORKERS.filter((worker) => worker.consumes);
  if (consumers.length === 0) return 'no backfill consumers in WORKERS on this branch';
  if (!WORKERS.some((worker) => consumers.includes(worker))) return 'the backfill consumers are not in WORKERS';
  if (!fakes) return 'no fake providers (local/fake-providers) on this branch';
  if (!ROUTES.some((route) => route.method === 'PUT' && route.path === '/v1/integrations/{integration}')) return 'no PUT /v1/integrations/{integration} route to connect them';
  return undefined;
}

/** Creates an org connected to the fake providers with `autoBackfill` on, so that adding a user queues their backfill. */
export async function createBackfillOrg(apiUrl: string, fakes: FakeProviders): Promise<BenchOrg> {
  const org = await createBenchOrg({ integrations: [] });
  for (const integration of BACKFILL_INTEGRATIONS) {
    const connected = await sendHttp(apiUrl, { method: 'PUT', path: `/v1/integrations/${integration}`, token: org.adminToken, body: fakes.credentials[integration] });
    if (connected.status >= 300) throw new Error(`Connecting ${integration} failed with ${connected.status}: ${JSON.stringify(connected.body)}`);
  }
  const response = await sendHttp(apiUrl, { method: 'PATCH', path: '/v1/settings', token: org.adminToken, body: { autoBackfill: true } });
  if (response.status !== 200) throw new Error(`Turning on autoBackfill failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return org;
}

/**
 * Gives the user records in each fake provider, through the fakes' control
 * endpoint (`PUT /_fake/users`), so that the backfill has pages to read.
 * NOTE: that endpoint belongs to the fake providers; if it changes, the
 * backfill reads no records and the figure measures empty backfills.
 */
async function seedUser(fakes: FakeProviders, email: string): Promise<void> {
  for (const integration of BACKFILL_INTEGRATIONS) {
    const url = fakes.urls[integration];
    if (!url) continue;
    await fetch(`${url}/_fake/users`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, records: RECORDS_PER_USER }) });
  }
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

/** Polls until `check` holds; returns false when BACKFILL_TIMEOUT_MS passes first. */
async function waitUntil(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + BACKFILL_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

const notFinished = (what: string) => `${what}: not finished: Need Sync marks remained after ${BACKFILL_TIMEOUT_MS / 1000} s`;

/**
 * Adds one user to an org with autoBackfill on and records the DynamoDB calls
 * made until the queue consumers have cleared the user's Need Sync marks.
 * That is the cost of backfilling one user; the fake providers cost nothing here.
 */
export async function measureBackfillOfOneUser(context: BenchContext, _env: ScenarioEnv) {
  const bench = await context.stack();
  const reason = backfillUnavailable(bench.fakes);
  if (reason) return skipped(context, 'backfill of one user', reason);
  await bench.startPollers();
  const org = await createBackfillOrg(bench.apiUrl, bench.fakes!);
  const checker = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  try {
    const body = newUserBody();
    await seedUser(bench.fakes!, body.email);
    const add = await prepareInvocation({ method: 'POST', path: '/v1/users', token: org.adminToken, body });
    let finished = false;
    const { calls } = await bench.recorder.record(async () => {
      const response = await add.invoke();
      const userId = response.body.id as string;
      finished = await waitUntil(() => needsSync(checker, bench.stack.tableName, org.orgId, userId).then((pending) => !pending));
    });
    if (!finished) return skipped(context, 'backfill of one user', notFinished('the backfill'));
    const { costOfCalls } = await import('./cost.ts');
    return costOfCalls(`backfill of one user (add with autoBackfill, then the ${BACKFILL_INTEGRATIONS.join(' and ')} consumers)`, calls);
  } finally {
    checker.destroy();
  }
}

/** Adds `count` users to an autoBackfill org and times until every backfill has cleared Need Sync. */
export async function measureBackfill(context: BenchContext, count: number): Promise<{ totalMs: number; users: number } | string> {
  const bench = await context.stack();
  const reason = backfillUnavailable(bench.fakes);
  if (reason) return skipped(context, `backfill of ${count} users`, reason);
  await bench.startPollers();
  const org = await createBackfillOrg(bench.apiUrl, bench.fakes!);
  const bodies = Array.from({ length: count }, () => newUserBody());
  await forEachConcurrent(bodies, context.options.concurrency, (body) => seedUser(bench.fakes!, body.email));
  const checker = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  try {
    // Connecting the integrations marked the org's existing users (its admin) Need Sync, and autoBackfill queues only added users.
    const alreadyMarked = await countNeedingSync(checker, bench.stack.tableName, org.orgId);
    const started = performance.now();
    await forEachConcurrent(bodies, context.options.concurrency, async (body) => {
      const response = await sendHttp(bench.apiUrl, { method: 'POST', path: '/v1/users', token: org.adminToken, body });
      if (response.status !== 201) throw new Error(`Adding a user failed with ${response.status}: ${JSON.stringify(response.body)}`);
    });
    const finished = await waitUntil(async () => (await countNeedingSync(checker, bench.stack.tableName, org.orgId)) <= alreadyMarked);
    if (!finished) {
      const pending = (await countNeedingSync(checker, bench.stack.tableName, org.orgId)) - alreadyMarked;
      return skipped(context, `backfill of ${count} users`, notFinished(`${pending} of them`));
    }
    return { totalMs: performance.now() - started, users: count };
  } finally {
    checker.destroy();
  }
}
