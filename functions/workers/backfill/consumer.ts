import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { secretStore } from '#adapters/secrets/index';
import { loadCredentials } from '#adapters/integrations/credentials';
import type { ProviderConnector } from '#domain/backfill';
import { BackfillError } from '#domain/backfill';
import { runBackfill } from '#domain/backfill-service';
import type { Credentials } from '#domain/integration-credentials';
import { INTEGRATIONS, type Integration } from '#domain/integrations';
import { activity, sync } from '#commons/backfill-dependencies';
import { orgs, users } from '#commons/dependencies';
import { systemClock } from '#commons/ids';
import { withPowertools } from '#commons/middleware';
import { logger, metrics } from '#commons/powertools';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const backfillMessage = z.object({
  orgId: z.string().regex(ULID),
  userId: z.string().regex(ULID),
  integration: z.enum(INTEGRATIONS),
  generation: z.number().int().positive(),
  requestedAt: z.string(),
});

function count(name: 'BackfillsSucceeded' | 'BackfillsFailed', integration: Integration, orgId: string | undefined) {
  const metric = metrics.singleMetric();
  metric.addDimension('integration', integration);
  if (orgId) metric.addMetadata('orgId', orgId);
  metric.addMetric(name, MetricUnit.Count, 1);
}

/**
 * Builds the SQS consumer of one integration's backfill queue. Each record is
 * one user, and records run independently. Failed records are reported as
 * batch item failures, so SQS retries only those, and after maxReceiveCount
 * receives it moves them to the dead-letter queue.
 */
export function backfillConsumer<I extends Integration>(integration: I, connect: (credentials: Credentials<I>) => ProviderConnector) {
  const processor = new BatchProcessor(EventType.SQS);
  const deps = {
    users,
    orgs,
    sync,
    activity,
    clock: systemClock,
    connector: async (orgId: string) => connect(await loadCredentials(secretStore(), orgId, integration)),
  };

  const handleRecord = async (record: SQSRecord) => {
    let orgId: string | undefined;
    try {
      const parsed = backfillMessage.safeParse(JSON.parse(record.body));
      if (!parsed.success || parsed.data.integration !== integration) {
        throw new Error(`Message ${record.messageId} is not a ${integration} backfill request.`);
      }
      const request = parsed.data;
      orgId = request.orgId;
      const keys = { orgId, userId: request.userId, integration, messageId: record.messageId };
      const attempts = Number(record.attributes.ApproximateReceiveCount) || 1;
      const result = await runBackfill(deps, request, attempts);
      if (result.outcome === 'skipped') logger.info('Backfill skipped', { ...keys, reason: result.reason });
      else logger.info('Backfill finished', { ...keys, outcome: result.outcome, records: result.records });
      if (result.outcome === 'synced') count('BackfillsSucceeded', integration, orgId);
    } catch (error) {
      count('BackfillsFailed', integration, orgId);
      const details = error instanceof BackfillError ? { reason: error.reason, detail: error.message } : { error: error as Error };
      logger.warn('Backfill failed; SQS will retry the message', {
        orgId,
        integration,
        messageId: record.messageId,
        receiveCount: record.attributes.ApproximateReceiveCount,
        ...details,
      });
      throw error;
    }
  };

  return withPowertools<SQSEvent, SQSBatchResponse>(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context }),
  );
}
