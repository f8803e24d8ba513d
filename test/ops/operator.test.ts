import { readFile } from 'node:fs/promises';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { deadLetterQueueName, queueUrlVariable } from '../../infra/resources.ts';
import { WORKERS } from '../../functions/workers.ts';
import { redriveEvent, redriveQueue } from '../../functions/operator/redrive-dlq.ts';
import { needSyncReportEvent, reportNeedSync } from '../../functions/operator/need-sync-report.ts';
import { createOrgEvent } from '../../functions/operator/create-org.ts';
import { ValidationError, NotFoundError } from '../../functions/domain/errors.ts';
import { ulidGenerator } from '../../functions/commons/ids.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { createTestOrg, newUserBody } from '../support/api.ts';

const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
afterAll(() => sqs.destroy());

let queueCounter = 0;

/** Creates a queue and its dead-letter queue for one test and exposes their URLs as a deployment does. */
async function queuePair() {
  const name = `ops-test-${process.pid}-${++queueCounter}`;
  const { QueueUrl: deadLetterQueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: deadLetterQueueName({ name }) }));
  const { QueueUrl: sourceQueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  process.env[queueUrlVariable(name)] = sourceQueueUrl!;
  process.env[queueUrlVariable(deadLetterQueueName({ name }))] = deadLetterQueueUrl!;
  return { name, sourceQueueUrl: sourceQueueUrl!, deadLetterQueueUrl: deadLetterQueueUrl! };
}

async function sendMessages(queueUrl: string, count: number) {
  for (let start = 0; start < count; start += 10) {
    const size = Math.min(10, count - start);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: size }, (_, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify({ n: start + index }),
          MessageAttributes: { orgId: { DataType: 'String', StringValue: `org-${start + index}` } },
        })),
      }),
    );
  }
}

async function drain(queueUrl: string) {
  const received: { body: string; orgId?: string }[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) return received;
    received.push(...Messages.map((message) => ({ body: message.Body!, orgId: message.MessageAttributes?.orgId?.StringValue })));
  }
}

async function depth(queueUrl: string) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes!.ApproximateNumberOfMessages);
}

const context = () => lambdaContext('test-operator', 60_000);

describe('operator/redrive-dlq', () => {
  it('moves every message back with its attributes', async () => {
    const { name, sourceQueueUrl, deadLetterQueueUrl } = await queuePair();
    await sendMessages(deadLetterQueueUrl, 25);
    const result = await redriveQueue({ queue: name }, context());
    expect(result).toEqual({ queue: name, moved: 25, failed: 0, remaining: 0, stoppedBecause: 'empty' });
    const moved = await drain(sourceQueueUrl);
    expect(moved.map((message) => JSON.parse(message.body).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(moved.every((message) => message.orgId === `org-${JSON.parse(message.body).n}`)).toBe(true);
    expect(await depth(deadLetterQueueUrl)).toBe(0);
  });

  it('stops at maxMessages', async () => {
    const { name, sourceQueueUrl, deadLetterQueueUrl } = await queuePair();
    await sendMessages(deadLetterQueueUrl, 15);
    const result = await redriveQueue({ queue: name, maxMessages: 12 }, context());
    expect(result).toMatchObject({ moved: 12, failed: 0, remaining: 3, stoppedBecause: 'limit' });
    expect(await depth(sourceQueueUrl)).toBe(12);
  });

  it('stops when time runs out', async () => {
    const { name, deadLetterQueueUrl } = await queuePair();
    await sendMessages(deadLetterQueueUrl, 3);
    const result = await redriveQueue({ queue: name }, { getRemainingTimeInMillis: () => 1_000 });
    expect(result).toMatchObject({ moved: 0, remaining: 3, stoppedBecause: 'time' });
  });

  it('rejects an unknown queue or a dead-letter queue name', async () => {
    const { name } = await queuePair();
    await expect(redriveQueue({ queue: 'no-such-queue' }, context())).rejects.toThrow(ValidationError);
    const error = await redriveQueue({ queue: deadLetterQueueName({ name }) }, context()).catch((caught: ValidationError) => caught);
    expect((error as ValidationError).issues).toEqual([
      { field: 'queue', message: `Unknown queue ${name}-dlq. Name the source queue, not its dead-letter queue: use ${name}.` },
    ]);
  });
});

describe('operator/need-sync-report', () => {
  it('counts users still marked Need Sync', async () => {
    const { api, orgId, adminUserId } = await createTestOrg({ integrations: ['salesforce', 'gong'] });
    const ann = await api.post('/v1/users', newUserBody('sync-ann'));
    const deleted = await api.post('/v1/users', newUserBody('sync-deleted'));
    await api.delete(`/v1/users/${deleted.body.id}`);

    const report = await reportNeedSync({ orgId }, context());
    expect(report.counts).toEqual({ users: 2, byIntegration: { salesforce: 2, hubspot: 0, gong: 2, salesloft: 0 } });
    expect(report.users.map((user) => user.userId)).toEqual([adminUserId, ann.body.id]);
    expect(report).toMatchObject({ connectedIntegrations: ['salesforce', 'gong'], truncated: false, complete: true });
  });

  it('filters by integration and caps the list', async () => {
    const { api, orgId } = await createTestOrg({ integrations: ['hubspot'] });
    for (const name of ['cap-1', 'cap-2', 'cap-3']) await api.post('/v1/users', newUserBody(name));
    const report = await reportNeedSync({ orgId, integration: 'hubspot', maxUsers: 2 }, context());
    expect(report.counts.users).toBe(4);
    expect(report.users).toHaveLength(2);
    expect(report.truncated).toBe(true);
    const none = await reportNeedSync({ orgId, integration: 'gong' }, context());
    expect(none.counts.users).toBe(0);
  });

  it('rejects an unknown org', async () => {
    await expect(reportNeedSync({ orgId: ulidGenerator.next() }, context())).rejects.toThrow(NotFoundError);
  });
});

describe('operator sample events', () => {
  const schemas: Record<string, { safeParse: (value: unknown) => { success: boolean } }> = {
    'operator/create-org': createOrgEvent,
    'operator/redrive-dlq': redriveEvent,
    'operator/need-sync-report': needSyncReportEvent,
  };

  it('exist for every operator function and parse', async () => {
    const operators = WORKERS.filter((worker) => worker.handler.startsWith('operator/'));
    expect(operators.map((worker) => worker.handler).sort()).toEqual(Object.keys(schemas).sort());
    for (const { handler } of operators) {
      const text = await readFile(`events/${handler}.json`, 'utf8');
      const event = JSON.parse(text.replaceAll('{{orgId}}', ulidGenerator.next()));
      expect(schemas[handler]!.safeParse(event).success, handler).toBe(true);
    }
  });
});
