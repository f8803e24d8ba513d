import './powertools-env.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { captureOutput, logEntries, metricDocuments } from './log-capture.ts';

const { createTestOrg } = await import('../support/api.ts');
const { lambdaContext } = await import('../../local/lambda-context.ts');
const { orgs, userServiceDeps } = await import('../../functions/commons/dependencies.ts');
const { createUser } = await import('../../functions/domain/user-service.ts');
const { welcomeEmailRequestOf } = await import('../../functions/domain/welcome-email.ts');
const { WELCOME_EMAIL_MAX_RECEIVE_COUNT } = await import('../../functions/workers/welcome-email/definition.ts');
const { createMailerHandler, defaultMailerDeps } = await import('../../functions/workers/welcome-email/mailer.ts');
const { backfillConsumer } = await import('../../functions/workers/backfill/consumer.ts');

function sqsRecord(messageId: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
    awsRegion: 'us-east-1',
  };
}

/** Adds a user with a queued welcome email through the use case, so no poller of the test stack sends it. */
async function queuedRequest(local: string) {
  const { orgId } = await createTestOrg();
  const org = (await orgs.get(orgId))!;
  const email = `${local}-${orgId.toLowerCase()}@example.com`;
  const { user } = await createUser(userServiceDeps, { orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' }, org, {
    email,
    givenName: 'Ann',
    familyName: 'Lee',
    sendWelcomeEmail: true,
  });
  return { email, request: welcomeEmailRequestOf(user)! };
}

const dimensionsOf = (document: Record<string, any>): string[] => document._aws.CloudWatchMetrics[0].Dimensions.flat();

let output: ReturnType<typeof captureOutput>;

beforeAll(() => {
  output = captureOutput();
});
afterEach(() => output.clear());
afterAll(() => output.restore());

describe('welcome email mailer', () => {
  it('logs and counts each message apart', async () => {
    const sent = await queuedRequest('consumer-sent');
    const failed = await queuedRequest('consumer-failed');
    const sender = {
      send: async (email: { to: string }) => {
        if (email.to === failed.email) throw Object.assign(new Error('SES is unreachable'), { name: 'ServiceUnavailable' });
        return 'ses-message-1';
      },
    };
    const handler = createMailerHandler({ ...defaultMailerDeps(), sender });
    const event: SQSEvent = { Records: [sqsRecord('mail-a', sent.request), sqsRecord('mail-b', failed.request, WELCOME_EMAIL_MAX_RECEIVE_COUNT)] };

    const result = (await handler(event, lambdaContext('test-mailer'))) as SQSBatchResponse;
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'mail-b' }] });

    const entries = logEntries(output.entries());
    expect(entries.find((entry) => entry.message === 'Welcome email sent')).toMatchObject({ correlation_id: 'mail-a', orgId: sent.request.orgId });
    const errors = entries.filter((entry) => entry.message === 'Message failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'ERROR', correlation_id: 'mail-b', orgId: failed.request.orgId, userId: failed.request.userId });
    expect(output.text()).not.toContain(sent.email);

    const documents = metricDocuments(output.entries()).filter((document) => 'WelcomeEmailsSent' in document || 'WelcomeEmailsFailed' in document);
    expect(documents).toEqual([
      expect.objectContaining({ WelcomeEmailsSent: 1, orgId: sent.request.orgId }),
      expect.objectContaining({ WelcomeEmailsFailed: 1, orgId: failed.request.orgId }),
    ]);
    for (const document of documents) expect(dimensionsOf(document)).not.toContain('orgId');
  });

  it('returns a fully failed batch', async () => {
    const { request } = await queuedRequest('consumer-all-failed');
    const sender = { send: async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' })) };
    const handler = createMailerHandler({ ...defaultMailerDeps(), sender });
    const result = await handler({ Records: [sqsRecord('mail-c', request)] }, lambdaContext('test-mailer'));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'mail-c' }] });
  });
});

describe('backfill consumer', () => {
  it('logs and counts a failure once', async () => {
    const org = await createTestOrg({ integrations: ['gong'] });
    // The org lists gong without stored gong credentials, so loading them fails before any connector is built.
    const handler = backfillConsumer('gong', () => {
      throw new Error('no connector without credentials');
    });
    const message = { orgId: org.orgId, userId: org.adminUserId, integration: 'gong', generation: 1, requestedAt: '2026-01-01T00:00:00.000Z' };
    const event: SQSEvent = { Records: [sqsRecord('backfill-a', message)] };

    await expect(handler(event, lambdaContext('test-backfill'))).rejects.toThrow();

    const errors = logEntries(output.entries()).filter((entry) => entry.level === 'ERROR' && entry.correlation_id === 'backfill-a');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'Message failed', orgId: org.orgId, userId: org.adminUserId, integration: 'gong', reason: 'credentials_missing' });
    const documents = metricDocuments(output.entries()).filter((document) => 'BackfillsFailed' in document);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ BackfillsFailed: 1, orgId: org.orgId, integration: 'gong' });
    expect(dimensionsOf(documents[0]!)).toContain('integration');
    expect(dimensionsOf(documents[0]!)).not.toContain('orgId');
  });
});
