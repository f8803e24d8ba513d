import { randomUUID } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, DeleteMessageBatchCommand, SQSClient, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { documentClient } from '../../functions/commons/clients.ts';
import { orgs, userServiceDeps, users } from '../../functions/commons/dependencies.ts';
import { createUser } from '../../functions/domain/user-service.ts';
import { type WelcomeEmailRequest, welcomeEmailRequestOf } from '../../functions/domain/welcome-email.ts';
import { WELCOME_EMAIL_MAX_RECEIVE_COUNT } from '../../functions/workers/welcome-email/definition.ts';
import { createMailerHandler, defaultMailerDeps } from '../../functions/workers/welcome-email/mailer.ts';
import { queueUrlOnEndpoint } from '../../local/emulators.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { SqsJsonQueue } from '../../functions/adapters/sqs/json-queue.ts';
import { welcomeEmailStates } from '../../functions/workers/welcome-email/dependencies.ts';
import { queueWelcomeEmail } from '../../functions/workers/welcome-email/hooks.ts';
import { createTestOrg } from '../support/api.ts';
import { type SesFaultProxy, startSesFaultProxy } from './ses-fault-proxy.ts';
import { emailsTo, uniqueAddress, waitFor } from './support.ts';

/**
 * Fault tests run the mailer in this process with its SES client pointed at a
 * fault-injecting proxy in front of the SES emulator. Users are created through
 * the use case, without the hook that would queue their request for the
 * stack's own poller, so only the mailer instance below handles them.
 */

let proxy: SesFaultProxy;
let mailer: (event: SQSEvent) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  proxy = await startSesFaultProxy(process.env.AWS_ENDPOINT_URL_SESV2!);
  // Two attempts per invocation keep failing invocations short; the SDK's retry still runs once.
  const sender = new SesEmailSender(new SESv2Client({ endpoint: proxy.url, maxAttempts: 2 }));
  const handler = createMailerHandler({ ...defaultMailerDeps(), sender });
  mailer = (event) => handler(event, lambdaContext('WorkersWelcomeEmailMailer')) as Promise<SQSBatchResponse>;
});

afterAll(async () => {
  proxy.failNext(0);
  await proxy.stop();
});

async function queuedUser(label: string) {
  const { orgId } = await createTestOrg();
  const org = (await orgs.get(orgId))!;
  const email = uniqueAddress(label);
  const { user } = await createUser(userServiceDeps, { orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' }, org, {
    email,
    givenName: 'Ann',
    familyName: 'Lee',
    sendWelcomeEmail: true,
  });
  return { user, email, request: welcomeEmailRequestOf(user)! };
}

function sqsRecord(request: WelcomeEmailRequest, receiveCount: number, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(request),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:welcome-email',
    awsRegion: 'us-east-1',
  };
}

const welcomeEmailOf = async (request: WelcomeEmailRequest) => (await users.get(request.orgId, request.userId))!.welcomeEmail;

describe('mailer with SES faults', () => {
  it('delivers once after SES recovers', async () => {
    const { email, request } = await queuedUser('recover');
    const requestsBefore = proxy.requests;
    // Both attempts of the first invocation fail, then the first attempt of the second.
    proxy.failNext(3);

    const first = await mailer({ Records: [sqsRecord(request, 1, 'm-1')] });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect((await welcomeEmailOf(request)).status).toBe('queued');
    expect(await emailsTo(email)).toHaveLength(0);

    const second = await mailer({ Records: [sqsRecord(request, 2, 'm-1')] });
    expect(second.batchItemFailures).toEqual([]);
    expect(proxy.requests - requestsBefore).toBe(4);

    const mail = await emailsTo(email);
    expect(mail).toHaveLength(1);
    expect(await welcomeEmailOf(request)).toMatchObject({ status: 'sent', requestId: request.requestId, messageId: mail[0]!.messageId });
  });

  it('sends a duplicated message once', async () => {
    const { email, request } = await queuedUser('duplicate');
    const requestsBefore = proxy.requests;
    const first = await mailer({ Records: [sqsRecord(request, 1, 'copy-1'), sqsRecord(request, 1, 'copy-2')] });
    // The copy that found the other one sending fails and comes back later.
    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);

    const again = await mailer({ Records: [sqsRecord(request, 2, 'copy-2')] });
    expect(again.batchItemFailures).toEqual([]);
    expect(proxy.requests - requestsBefore).toBe(1);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await welcomeEmailOf(request)).status).toBe('sent');
  });

  it('reuses the sent email when recording it was lost', async () => {
    const { email, request } = await queuedUser('lost');
    await mailer({ Records: [sqsRecord(request, 1)] });
    const sent = await welcomeEmailOf(request);
    expect(sent.status).toBe('sent');

    // As if the invocation had died after SES accepted the email but before the user showed it.
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.ROSTER_TABLE_NAME,
        Key: { pk: `ORG#${request.orgId}`, sk: `USER#${request.userId}` },
        UpdateExpression: 'SET welcomeEmail = :queued',
        ExpressionAttributeValues: { ':queued': { status: 'queued', requestId: request.requestId, queuedAt: new Date().toISOString() } },
      }),
    );
    const retried = await mailer({ Records: [sqsRecord(request, 2)] });
    expect(retried.batchItemFailures).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(await welcomeEmailOf(request)).toMatchObject({ status: 'sent', messageId: (sent as { messageId: string }).messageId });
  });

  it('marks failed only on the last receive', async () => {
    const { request } = await queuedUser('last');
    proxy.failNext(Infinity);
    try {
      await mailer({ Records: [sqsRecord(request, WELCOME_EMAIL_MAX_RECEIVE_COUNT - 1)] });
      expect((await welcomeEmailOf(request)).status).toBe('queued');
      await mailer({ Records: [sqsRecord(request, WELCOME_EMAIL_MAX_RECEIVE_COUNT)] });
    } finally {
      proxy.failNext(0);
    }
    const failed = await welcomeEmailOf(request);
    expect(failed).toMatchObject({ status: 'failed', requestId: request.requestId });
    expect((failed as { reason: string }).reason).toContain('TooManyRequestsException');
  });

  it('marks a rejected email failed at once', async () => {
    const { email, request } = await queuedUser('rejected');
    proxy.failNext(1, 'rejection');
    const first = await mailer({ Records: [sqsRecord(request, 1, 'r-1')] });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r-1' }]);
    const failed = await welcomeEmailOf(request);
    expect(failed).toMatchObject({ status: 'failed', requestId: request.requestId });
    expect((failed as { reason: string }).reason).toContain('SES rejected the email: MessageRejected');

    // Once the cause is fixed, a later receive sends, and `sent` replaces `failed`.
    const second = await mailer({ Records: [sqsRecord(request, 2, 'r-1')] });
    expect(second.batchItemFailures).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await welcomeEmailOf(request)).status).toBe('sent');
  });

  it('skips a superseded request', async () => {
    const { email, request } = await queuedUser('stale');
    const result = await mailer({ Records: [sqsRecord({ ...request, requestId: '01KBZ6X6C7Q1V9N2M3P4R5S6T8' }, 1)] });
    expect(result.batchItemFailures).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(0);
    expect((await welcomeEmailOf(request)).status).toBe('queued');
  });
});

describe('queueing the request', () => {
  it('marks the user failed when SQS rejects it', async () => {
    const { user, request } = await queuedUser('unqueued');
    const missingQueue = `${process.env.AWS_ENDPOINT_URL_SQS}/000000000000/no-such-queue-${randomUUID().slice(0, 8)}`;
    const queue = new SqsJsonQueue(new SQSClient({ maxAttempts: 1 }), missingQueue);

    const state = await queueWelcomeEmail(user, { queue, states: welcomeEmailStates(), now: () => new Date().toISOString() });
    expect(state.status).toBe('failed');
    const stored = await welcomeEmailOf(request);
    expect(stored).toMatchObject({ status: 'failed', requestId: request.requestId });
    expect((stored as { reason: string }).reason).toContain('could not be queued');
  });
});

describe('mailer behind a real queue', () => {
  it('moves a message SES keeps rejecting to the DLQ', async () => {
    const sqs = new SQSClient({});
    const suffix = randomUUID().slice(0, 8);
    const endpoint = process.env.AWS_ENDPOINT_URL_SQS!;
    const created = await sqs.send(new CreateQueueCommand({ QueueName: `welcome-email-fault-${suffix}-dlq` }));
    const dlqUrl = queueUrlOnEndpoint(created.QueueUrl!, endpoint);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const { QueueUrl: createdUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: `welcome-email-fault-${suffix}`,
        Attributes: {
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: WELCOME_EMAIL_MAX_RECEIVE_COUNT }),
        },
      }),
    );
    const queueUrl = queueUrlOnEndpoint(createdUrl!, endpoint);
    const { email, request } = await queuedUser('dlq');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(request) }));

    proxy.failNext(Infinity);
    try {
      // What an event source mapping does: receive, invoke, delete the records that succeeded.
      await waitFor(
        async () => {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
          );
          if (Messages.length > 0) await invokeAndDelete(sqs, queueUrl, Messages);
          const dlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
          return Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0);
        },
        (inDeadLetterQueue) => inDeadLetterQueue === 1,
        { timeoutMs: 40_000, intervalMs: 0 },
      );
    } finally {
      proxy.failNext(0);
    }

    const failed = await welcomeEmailOf(request);
    expect(failed).toMatchObject({ status: 'failed', requestId: request.requestId });
    expect((failed as { reason: string }).reason).toContain(`after ${WELCOME_EMAIL_MAX_RECEIVE_COUNT} attempts`);
    expect(await emailsTo(email)).toHaveLength(0);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 1 }));
    expect(JSON.parse(Messages[0]!.Body!)).toEqual(request);
    sqs.destroy();
  }, 60_000);
});

async function invokeAndDelete(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  const event: SQSEvent = {
    Records: messages.map((message) => ({
      ...sqsRecord(JSON.parse(message.Body!) as WelcomeEmailRequest, Number(message.Attributes?.ApproximateReceiveCount ?? '1'), message.MessageId!),
      receiptHandle: message.ReceiptHandle!,
    })),
  };
  const { batchItemFailures } = await mailer(event);
  const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
  const succeeded = messages.filter((message) => !failed.has(message.MessageId!));
  if (succeeded.length === 0) return;
  await sqs.send(
    new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }),
  );
}
