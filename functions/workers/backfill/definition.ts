import type { QueueDefinition } from '../../../infra/resources.ts';
import type { WorkerDefinition } from '#functions/workers';
import { INTEGRATIONS } from '#domain/integrations';

/** A consumer may run this long: a user's 30 days can take many pages and 429 waits. */
const CONSUMER_TIMEOUT_SECONDS = 120;

/** Short names of the backfill queues, one per integration (`backfill-salesforce`, …). */
export const BACKFILL_QUEUE_NAMES = INTEGRATIONS.map((integration) => `backfill-${integration}`);

/** One backfill queue per integration, so a slow or failing provider never holds up another's backfills. */
export const BACKFILL_QUEUES: QueueDefinition[] = BACKFILL_QUEUE_NAMES.map((name) => ({
  name,
  visibilityTimeoutSeconds: 6 * CONSUMER_TIMEOUT_SECONDS,
  maxReceiveCount: 3,
  batchSize: 10,
}));

/** One consumer per integration; each may read only its own integration's credentials. */
export const BACKFILL_WORKERS: WorkerDefinition[] = INTEGRATIONS.map((integration) => ({
  handler: `workers/backfill/${integration}`,
  consumes: `backfill-${integration}`,
  table: 'write',
  secrets: [`integrations/*/${integration}`],
  timeoutSeconds: CONSUMER_TIMEOUT_SECONDS,
  summary: `Back-fill users' last 30 days from ${integration}`,
}));
