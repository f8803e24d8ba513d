import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import type { Org } from '#domain/org';
import type { Clock } from '#domain/ports';
import type { User } from '#domain/user';
import { type WelcomeEmailRequest, type WelcomeEmailStateStore, decideWelcomeEmail } from '#domain/welcome-email';
import { type OutgoingEmail, SesEmailSender } from '#adapters/ses/email-sender';
import { dynamodb } from '#commons/clients';
import { requireEnv } from '#commons/config';
import { orgs, users } from '#commons/dependencies';
import { systemClock } from '#commons/ids';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger, tracer } from '#commons/powertools';
import { sqsConsumer } from '#commons/sqs';
import { WELCOME_EMAIL_MAX_RECEIVE_COUNT } from './definition.ts';
import { mailSettings, welcomeEmailStates } from './dependencies.ts';
import { renderWelcomeEmail, signInLink } from './render.ts';

export interface MailerDeps {
  users: { get(orgId: string, userId: string): Promise<User | undefined> };
  orgs: { get(orgId: string): Promise<Org | undefined> };
  states: WelcomeEmailStateStore;
  sender: { send(email: OutgoingEmail): Promise<string> };
  /** Powertools idempotency records (one per org, user and request id). */
  persistenceStore: BasePersistenceLayer;
  clock: Clock;
  settings: () => { from: string; signInUrl: string };
}

const requestSchema = z.object({ orgId: z.string().min(1), userId: z.string().min(1), requestId: z.string().min(1) });

/**
 * Idempotency records outlive every redelivery of a message (five receives at
 * a three-minute visibility timeout). After they expire, the user's `sent`
 * state still stops a resend of the same request.
 */
const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;

/**
 * SES v2 errors that a retry of the same request cannot fix. The user is
 * marked `failed` on the first of them, so the admin can read the reason at once.
 * The message still follows the normal retries, because an operator may fix
 * an account-level cause (a paused account, an unverified domain) in time.
 */
const REJECTIONS = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'NotFoundException',
]);

/** Maximum length of the failure reason stored on the user, which bounds the item size. */
const MAX_REASON_LENGTH = 500;

/**
 * Builds the mailer handler: an SQS consumer that reports partial batch
 * failures, so one failing email is retried alone. Each record sends at most
 * one email per (org, user, request id), even when SQS delivers the message
 * twice or the function is retried, because the SES call runs inside a
 * Powertools idempotency record keyed by those three ids.
 */
export function createMailerHandler(deps: MailerDeps) {
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[orgId, userId, requestId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
  });

  // Only the SES call is idempotent. Recording `sent` happens after it, so a retry
  // after a failed DynamoDB write reuses the stored SES message id instead of sending again.
  const sendOnce = makeIdempotent(
    async (request: WelcomeEmailRequest, email: OutgoingEmail): Promise<{ messageId: string }> => {
      const messageId = await deps.sender.send(email);
      countEvent(BUSINESS_METRICS.welcomeEmailsSent, request.orgId);
      logger.info('Welcome email sent', { orgId: request.orgId, userId: request.userId, requestId: request.requestId, messageId });
      return { messageId };
    },
    { persistenceStore: deps.persistenceStore, config: idempotencyConfig, keyPrefix: 'welcome-email', dataIndexArgument: 0 },
  );

  async function deliver(record: SQSRecord): Promise<void> {
    const request = requestSchema.parse(JSON.parse(record.body));
    const keys = { orgId: request.orgId, userId: request.userId, requestId: request.requestId };
    // A failure that withMessageContext logs carries these keys, and it clears them after the message.
    logger.appendKeys(keys);
    const user = await deps.users.get(request.orgId, request.userId);
    const decision = decideWelcomeEmail(user, request);
    if (!decision.send) {
      logger.info('Welcome email skipped', { ...keys, reason: decision.reason });
      return;
    }
    const org = await deps.orgs.get(request.orgId);
    if (!org || !user) {
      logger.info('Welcome email skipped', { ...keys, reason: 'org_not_found' });
      return;
    }

    const { from, signInUrl } = deps.settings();
    const content = renderWelcomeEmail({
      givenName: user.givenName,
      familyName: user.familyName,
      orgName: org.name,
      email: user.email,
      signInUrl: signInLink(signInUrl, org.orgId, user.email),
    });

    let messageId: string;
    try {
      ({ messageId } = await sendOnce(request, { from, to: user.email, ...content }));
    } catch (error) {
      await handleSendFailure(record, request, error);
      throw error;
    }
    const recorded = await deps.states.markSent(request, { sentAt: deps.clock.now(), messageId });
    if (!recorded) logger.info('Welcome email sent for a request that is no longer current', { ...keys, messageId });
  }

  /**
   * SES throttling and transient errors were already retried by the SDK with
   * backoff. The message now fails and comes back after the queue's visibility
   * timeout. On its last receive, or on a rejection, the user is marked
   * `failed`. After the last receive SQS moves the message to the dead-letter queue.
   */
  async function handleSendFailure(record: SQSRecord, request: WelcomeEmailRequest, error: unknown): Promise<void> {
    const keys = { orgId: request.orgId, userId: request.userId, requestId: request.requestId };
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    // Another delivery of the same request is sending right now; it records the outcome.
    if (error instanceof IdempotencyAlreadyInProgressError) {
      logger.info('Welcome email is being sent by another delivery', { ...keys, receiveCount });
      return;
    }
    const cause = error as Error;
    const lastReceive = receiveCount >= WELCOME_EMAIL_MAX_RECEIVE_COUNT;
    const rejected = REJECTIONS.has(cause.name);
    if (!lastReceive && !rejected) return;

    const reason = rejected
      ? `SES rejected the email: ${cause.name}: ${cause.message}`
      : `SES did not accept the email after ${receiveCount} attempts: ${cause.name}: ${cause.message}`;
    await deps.states.markFailed(request, { failedAt: deps.clock.now(), reason: reason.slice(0, MAX_REASON_LENGTH) });
    if (!lastReceive) {
      logger.error('Welcome email rejected by SES; the user is marked failed', { ...keys, receiveCount, errorName: cause.name });
      return;
    }
    logger.error('Welcome email failed on the last receive; the message moves to the dead-letter queue', { ...keys, receiveCount });
    countEvent(BUSINESS_METRICS.welcomeEmailsFailed, request.orgId);
  }

  // With every record failed the handler still returns them as batch item failures instead of throwing.
  return sqsConsumer(
    async (record, context) => {
      // The in-progress record expires with this invocation, so a retry after a timeout is not blocked.
      idempotencyConfig.registerLambdaContext(context);
      await deliver(record);
    },
    { throwOnFullBatchFailure: false },
  );
}

export function defaultMailerDeps(): MailerDeps {
  return {
    users,
    orgs,
    states: welcomeEmailStates(),
    sender: new SesEmailSender(tracer.captureAWSv3Client(new SESv2Client({})), process.env.ROSTER_SES_CONFIGURATION_SET || undefined),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requireEnv('ROSTER_IDEMPOTENCY_TABLE_NAME'), awsSdkV3Client: dynamodb }),
    clock: systemClock,
    settings: mailSettings,
  };
}

export const handler = createMailerHandler(defaultMailerDeps());
