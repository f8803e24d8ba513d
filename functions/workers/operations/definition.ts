import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';

/** Operator functions for day-to-day operations (redrive, Need Sync report). */
export const OPERATIONS_QUEUES: QueueDefinition[] = [];

export const OPERATIONS_WORKERS: WorkerDefinition[] = [];
