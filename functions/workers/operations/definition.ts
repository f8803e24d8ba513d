import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';

/** Operator functions for day-to-day operations (redrive, Need Sync report). */
export const OPERATIONS_QUEUES: QueueDefinition[] = [];

/**
 * The redrive function's queue access (receive and delete on every
 * dead-letter queue, send on every source queue) is granted over all queues
 * by infra/constructs/operations.ts, for the worker flagged `redrivesQueues`,
 * so queues added later are covered.
 */
export const OPERATIONS_WORKERS: WorkerDefinition[] = [
  {
    handler: 'operator/redrive-dlq',
    table: 'read',
    redrivesQueues: true,
    timeoutSeconds: 300,
    summary: 'Move messages from a queue\'s dead-letter queue back to the queue',
  },
  {
    handler: 'operator/need-sync-report',
    table: 'read',
    timeoutSeconds: 60,
    summary: 'Report an org\'s users who are still marked Need Sync, with counts per integration',
  },
];
