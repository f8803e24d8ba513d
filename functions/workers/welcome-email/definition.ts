import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';

/** Short name of the queue that carries welcome email requests from the API to the mailer. */
export const WELCOME_EMAIL_QUEUE = 'welcome-email';

export const MAILER_HANDLER = 'workers/welcome-email/mailer';

const MAILER_TIMEOUT_SECONDS = 30;

/**
 * Receives of one message before SQS moves it to the dead-letter queue. With
 * the visibility timeout below, a throttled or failing message is retried for
 * about 15 minutes. The mailer reads this number to mark the user `failed` on the last receive.
 */
export const WELCOME_EMAIL_MAX_RECEIVE_COUNT = 5;

/** The welcome-email mailer and its queue. */
export const WELCOME_EMAIL_QUEUES: QueueDefinition[] = [
  {
    name: WELCOME_EMAIL_QUEUE,
    visibilityTimeoutSeconds: 6 * MAILER_TIMEOUT_SECONDS,
    maxReceiveCount: WELCOME_EMAIL_MAX_RECEIVE_COUNT,
    batchSize: 10,
  },
];

export const WELCOME_EMAIL_WORKERS: WorkerDefinition[] = [
  {
    handler: MAILER_HANDLER,
    consumes: WELCOME_EMAIL_QUEUE,
    table: 'write',
    idempotency: true,
    sendsEmail: true,
    timeoutSeconds: MAILER_TIMEOUT_SECONDS,
    summary: 'Send queued welcome emails through SES, once per request',
  },
];
