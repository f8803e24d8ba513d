import type { TableAccess } from './routes.ts';

import { BACKFILL_WORKERS } from './workers/backfill/definition.ts';

import { OPERATIONS_WORKERS } from './workers/operations/definition.ts';

import { WELCOME_EMAIL_WORKERS } from './workers/welcome-email/definition.ts';

/**
 * Functions that are not HTTP routes: queue consumers and operator functions.
 * The CDK stack builds them from this list, and the local stack polls each
 * consumer's queue and runs its handler module.
 */
export interface WorkerDefinition {
  /** Handler module under functions/, without `.ts`. */
  handler: string;
  /** Short queue name from infra/resources.ts that this function consumes; absent for operator functions. */
  consumes?: string;
  table: TableAccess;
  secrets?: string[];
  sendsTo?: string[];
  /** Reads and writes Powertools idempotency records (ROSTER_IDEMPOTENCY_TABLE_NAME). */
  idempotency?: boolean;
  /** Moves messages from every dead-letter queue back to its source queue (receive and delete on each DLQ, send on each queue). */
  redrivesQueues?: boolean;
  /** Sends email through SES. */
  sendsEmail?: boolean;
  timeoutSeconds: number;
  summary: string;
}

const OPERATOR_WORKERS: WorkerDefinition[] = [
  { handler: 'operator/create-org', table: 'write', timeoutSeconds: 30, summary: 'Create an org with its first admin and a one-time admin token' },
];

export const WORKERS: WorkerDefinition[] = [
  ...OPERATOR_WORKERS,

  ...WELCOME_EMAIL_WORKERS,

  ...BACKFILL_WORKERS,

  ...OPERATIONS_WORKERS,
];
