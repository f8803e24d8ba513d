import './powertools-env.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { captureOutput, logEntries, metricDocuments } from './log-capture.ts';

const { createTestOrg, newUserBody } = await import('../support/api.ts');
const { routeMatcher, toApiGatewayEvent } = await import('../../local/http-front.ts');
const { lambdaContext } = await import('../../local/lambda-context.ts');
const { loadHandler } = await import('../../local/handlers.ts');
const { users } = await import('../../functions/commons/dependencies.ts');
const { logger } = await import('../../functions/commons/powertools.ts');
const { withPowertools } = await import('../../functions/commons/middleware.ts');
const { sqsConsumer } = await import('../../functions/commons/sqs.ts');
const { createToken } = await import('../../functions/domain/token-service.ts');
const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');

const match = routeMatcher();

const routeOf = (method: string, url: string) => match(method, new URL(url, 'http://localhost').pathname);

function apiEvent(method: string, path: string, token: string, body?: unknown): APIGatewayProxyEventV2 {
  const matched = routeOf(method, path);
  if (!matched) throw new Error(`No route for ${method} ${path}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  return toApiGatewayEvent(
    { method, url: path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: payload, sourceIp: '127.0.0.1' },
    matched,
  );
}

async function invoke(method: string, path: string, token: string, body?: unknown) {
  const event = apiEvent(method, path, token, body);
  const handler = await loadHandler(routeOf(method, path)!.route.handler);
  const response = (await handler(event, lambdaContext('test'))) as { statusCode: number; body: string };
  return { event, response };
}

let org: Awaited<ReturnType<typeof createTestOrg>>;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  org = await createTestOrg();
  output = captureOutput();
});
afterEach(() => output.clear());
afterAll(() => output.restore());

describe('HTTP route logs', () => {
  it('carry the request id as correlation id and the org id', async () => {
    const { event, response } = await invoke('POST', '/v1/users', org.adminToken, newUserBody('log-ann'));
    expect(response.statusCode).toBe(201);
    const entries = logEntries(output.entries());
    const added = entries.find((entry) => entry.message === 'User added');
    expect(added).toMatchObject({ correlation_id: event.requestContext.requestId, orgId: org.orgId, userId: JSON.parse(response.body).id });
    for (const entry of entries) expect(entry.correlation_id).toBe(event.requestContext.requestId);
    // The first invocation in this file is the container's cold start: flagged on its entries and counted once as a metric.
    expect(entries.every((entry) => entry.cold_start === true)).toBe(true);
    expect(metricDocuments(output.entries()).filter((document) => 'ColdStart' in document)).toHaveLength(1);
  });

  it('mark only the first invocation as a cold start', async () => {
    await invoke('GET', '/v1/users', org.adminToken);
    const entries = output.entries();
    expect(logEntries(entries).every((entry) => entry.cold_start === false)).toBe(true);
    expect(metricDocuments(entries).some((document) => 'ColdStart' in document)).toBe(false);
  });

  it('contain no token, secret or request body', async () => {
    const secretName = 'Zebulon-Unlikely-Name';
    await invoke('POST', '/v1/users', org.adminToken, newUserBody('log-bo', { givenName: secretName }));
    await invoke('GET', '/v1/users?limit=1', org.adminToken);
    const text = output.text();
    const secret = org.adminToken.split('.').at(-1)!;
    expect(text).not.toContain(secret);
    expect(text).not.toContain('Bearer');
    expect(text).not.toContain(secretName);
    expect(text).not.toContain('log-bo@example.com');
  });

  it('log an unexpected error once, with the ids', async () => {
    const failure = vi.spyOn(users, 'list').mockRejectedValueOnce(new Error('DynamoDB is unreachable'));
    const { event, response } = await invoke('GET', '/v1/users', org.adminToken);
    failure.mockRestore();
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).detail).toContain(event.requestContext.requestId);
    expect(response.body).not.toContain('unreachable');
    const errors = logEntries(output.entries()).filter((entry) => entry.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ correlation_id: event.requestContext.requestId, orgId: org.orgId, error: { message: 'DynamoDB is unreachable' } });
  });

  it('log a rejected request once at info', async () => {
    await invoke('POST', '/v1/users', org.adminToken, { email: 'broken' });
    const entries = logEntries(output.entries());
    expect(entries.filter((entry) => entry.message === 'Request rejected')).toHaveLength(1);
    expect(entries.some((entry) => entry.level === 'ERROR')).toBe(false);
  });

  it('publish business metrics with the org as metadata', async () => {
    await invoke('POST', '/v1/users', org.adminToken, newUserBody('log-cy'));
    const [document] = metricDocuments(output.entries());
    expect(document).toMatchObject({ UsersAdded: 1, orgId: org.orgId });
    const dimensions = document!._aws.CloudWatchMetrics[0].Dimensions.flat();
    expect(dimensions).not.toContain('orgId');
  });

  it('count each SCIM request once by operation', async () => {
    const { token } = await createToken(tokenServiceDeps, { orgId: org.orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' }, { kind: 'scim', name: 'metrics' });
    const { response } = await invoke('GET', `/scim/v2/Users/${org.adminUserId}`, token);
    expect(response.statusCode).toBe(200);
    const documents = metricDocuments(output.entries()).filter((document) => 'ScimRequests' in document);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ ScimRequests: 1, operation: 'GET /Users/{userId}', orgId: org.orgId });
    const dimensions = documents[0]!._aws.CloudWatchMetrics[0].Dimensions.flat();
    expect(dimensions).toContain('operation');
    expect(dimensions).not.toContain('orgId');
  });
});

describe('log redaction', () => {
  it('removes credentials by key and token shapes in text', () => {
    const token = org.adminToken;
    logger.info('Redaction probe', {
      adminToken: token,
      client_secret: 'hunter2-value',
      htmlBody: '<p>Welcome, Ann</p>',
      tokenId: 'kept-token-id',
      note: `sent ${token} and Bearer abc.def`,
    });
    const [entry] = logEntries(output.entries());
    expect(entry).toMatchObject({ adminToken: '[REDACTED]', client_secret: '[REDACTED]', htmlBody: '[REDACTED]', tokenId: 'kept-token-id' });
    expect(output.text()).not.toContain(token.split('.').at(-1)!);
    expect(output.text()).not.toContain('hunter2-value');
    expect(output.text()).not.toContain('Welcome, Ann');
    expect(output.text()).not.toContain('abc.def');
  });
});

describe('non-HTTP functions', () => {
  it('log an unhandled error once', async () => {
    const handler = withPowertools(async () => {
      throw new Error('operator input broke');
    });
    const context = lambdaContext('test-operator');
    await expect(handler({}, context)).rejects.toThrow('operator input broke');
    const errors = logEntries(output.entries()).filter((entry) => entry.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'Invocation failed', correlation_id: context.awsRequestId });
  });

  it('use each SQS message id as correlation id', async () => {
    const handler = sqsConsumer(async (record) => {
      const { orgId } = JSON.parse(record.body) as { orgId: string };
      logger.appendKeys({ orgId });
      logger.info('Message handled');
      if (orgId === 'org-b') throw new Error('backfill source timed out');
    });
    const record = (messageId: string, orgId: string) => ({
      messageId,
      receiptHandle: messageId,
      body: JSON.stringify({ orgId, emailBody: 'Dear Ann' }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
      awsRegion: 'us-east-1',
    });
    const event: SQSEvent = { Records: [record('message-a', 'org-a'), record('message-b', 'org-b')] };
    const context = lambdaContext('test-consumer');
    const result = await handler(event, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-b' }] });

    const entries = logEntries(output.entries());
    const handled = entries.filter((entry) => entry.message === 'Message handled');
    expect(handled.map((entry) => [entry.correlation_id, entry.orgId])).toEqual([
      ['message-a', 'org-a'],
      ['message-b', 'org-b'],
    ]);
    const failures = entries.filter((entry) => entry.level === 'ERROR');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ message: 'Message failed', correlation_id: 'message-b', orgId: 'org-b' });
    expect(output.text()).not.toContain('Dear Ann');
  });
});
