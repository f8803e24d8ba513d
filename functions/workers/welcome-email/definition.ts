import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';

/** The welcome-email mailer and its queue. */
export const WELCOME_EMAIL_QUEUES: QueueDefinition[] = [];

export const WELCOME_EMAIL_WORKERS: WorkerDefinition[] = [];
