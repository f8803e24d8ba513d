import { queueBackfills } from '#domain/backfill-service';
import { queueBackfillDeps } from '#commons/backfill-dependencies';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { backfillBody, backfillQuery, integrationParams } from './schemas.ts';

/**
 * Queues a backfill per user: the listed users, or every active user who needs
 * sync for the integration. Users whose backfill is already pending are skipped.
 */
export const handler = adminRoute({ params: integrationParams, query: backfillQuery, body: backfillBody }, async ({ params, body, caller }) => {
  const result = await queueBackfills(queueBackfillDeps(), caller.org, params.integration, body.userIds);
  logger.info('Backfill requested', { integration: params.integration, queued: result.queued, skipped: result.skipped.length });
  countEvent(BUSINESS_METRICS.backfillsQueued, caller.org.orgId, result.queued, { integration: params.integration });
  return { status: 202, body: { integration: params.integration, queued: result.queued, skipped: result.skipped } };
});
