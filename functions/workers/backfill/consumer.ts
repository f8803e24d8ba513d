import type { SQSRecord } from 'aws-lambda';
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
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { sqsConsumer } from '#commons/sqs';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const backfillMessage = z.object({
  orgId: z.string().regex(ULID),
  userId: z.string().regex(ULID),
  integration: z.enum(INTEGRATIONS),
  generation: z.number().int().positive(),
  requestedAt: z.string(),
});

/**
 * Builds the SQS consumer of one integration's backfill queue. Each record is
 * one user, and records run independently. Failed records are reported as
 * batch item failures, so SQS retries only those, and after maxReceiveCount
 * receives it moves them to the dead-letter queue.
 */
export function backfillConsumer<I extends Integration>(integration: I, connect: (credentials: Credentials<I>) => ProviderConnector) {
  const deps = {
    users,
    orgs,
    sync,
    activity,
    clock: systemClock,
    connector: async (orgId: string) => connect(await loadCredentials(secretStore(), orgId, integration)),
  };

  return sqsConsumer(async (record: SQSRecord) => {
    logger.appendKeys({ integration });
    let orgId: string | undefined;
    try {
      const parsed = backfillMessage.safeParse(JSON.parse(record.body));
      if (!parsed.success || parsed.data.integration !== integration) {
        throw new Error(`Message ${record.messageId} is not a ${integration} backfill request.`);
      }
      const request = parsed.data;
      orgId = request.orgId;
      // A failure that withMessageContext logs carries these keys, and it clears them after the message.
      logger.appendKeys({ orgId, userId: request.userId });
      const attempts = Number(record.attributes.ApproximateReceiveCount) || 1;
      const result = await runBackfill(deps, request, attempts);
      if (result.outcome === 'skipped') logger.info('Backfill skipped', { reason: result.reason });
      else logger.info('Backfill finished', { outcome: result.outcome, records: result.records });
      if (result.outcome === 'synced') countEvent(BUSINESS_METRICS.backfillsSucceeded, orgId, 1, { integration });
    } catch (error) {
      countEvent(BUSINESS_METRICS.backfillsFailed, orgId, 1, { integration });
      if (error instanceof BackfillError) logger.appendKeys({ reason: error.reason });
      throw error;
    }
  });
}
