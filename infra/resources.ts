import { BACKFILL_QUEUES } from '../functions/workers/backfill/definition.ts';

import { OPERATIONS_QUEUES } from '../functions/workers/operations/definition.ts';

import { WELCOME_EMAIL_QUEUES } from '../functions/workers/welcome-email/definition.ts';

/**
 * Definitions of the stateful resources, as plain data with no CDK import, so
 * the CDK stacks and the local stack build the same table and queues from them.
 */

export const TABLE = {
  /** Logical name; a deployment's physical name is chosen by CloudFormation. */
  name: 'roster',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB removes the item (audit entries). */
  timeToLiveAttribute: 'ttl',
} as const;

/**
 * Table of Powertools idempotency records (welcome emails, Idempotency-Key on
 * POST). Powertools' DynamoDB persistence layer owns its key layout, so these
 * records get a table of their own. Callers put the org id in every idempotency key.
 */
export const IDEMPOTENCY_TABLE = {
  name: 'roster-idempotency',
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
} as const;

export interface QueueDefinition {
  /** Stable short name: the local queue name, and the suffix of the URL variable `ROSTER_QUEUE_URL_<NAME>`. */
  name: string;
  /** Must be at least six times the consumer's timeout, as AWS advises for event source mappings. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  maxReceiveCount: number;
  batchSize: number;
}

export const QUEUES: QueueDefinition[] = [
  ...WELCOME_EMAIL_QUEUES,

  ...BACKFILL_QUEUES,

  ...OPERATIONS_QUEUES,
];

export const deadLetterQueueName = (queue: Pick<QueueDefinition, 'name'>) => `${queue.name}-dlq`;

/** Environment variable that carries a queue's URL to the functions that use it. */
export const queueUrlVariable = (name: string) => `ROSTER_QUEUE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
