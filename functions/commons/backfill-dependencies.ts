import { DynamoActivityRepository } from '#adapters/dynamodb/activity-repository';
import { DynamoSyncRepository } from '#adapters/dynamodb/sync-repository';
import { secretStore } from '#adapters/secrets/index';
import { SqsBackfillQueue } from '#adapters/sqs/backfill-queue';
import type { QueueBackfillDeps } from '#domain/backfill-service';
import type { IntegrationServiceDeps } from '#domain/integration-service';
import { documentClient } from './clients.ts';
import { orgs, users } from './dependencies.ts';
import { systemClock, ulidGenerator } from './ids.ts';

/** Backfill adapters wired to the AWS clients, built once per container. */
export const sync = new DynamoSyncRepository(documentClient);
export const activity = new DynamoActivityRepository(documentClient);

export const integrationServiceDeps = (): IntegrationServiceDeps => ({ orgs, sync, secrets: secretStore(), clock: systemClock, ids: ulidGenerator });

let queue: SqsBackfillQueue | undefined;

export const queueBackfillDeps = (): QueueBackfillDeps => ({ users, sync, queue: (queue ??= new SqsBackfillQueue()), clock: systemClock });
