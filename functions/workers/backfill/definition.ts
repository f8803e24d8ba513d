import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';

/** One backfill consumer and queue per integration. */
export const BACKFILL_QUEUES: QueueDefinition[] = [];

export const BACKFILL_WORKERS: WorkerDefinition[] = [];
