import type { UserEventHooks } from '#domain/user-events';
import type { Org } from '#domain/org';
import type { User } from '#domain/user';
import { queueUsers } from '#domain/backfill-service';
import { queueBackfillDeps } from '#commons/backfill-dependencies';
import { logger } from '#commons/powertools';

/** Queues a backfill of every integration the user needs, when the org has `autoBackfill` on. */
async function queueAutoBackfill(user: User, org: Org): Promise<void> {
  if (!org.settings.autoBackfill || user.status !== 'active') return;
  for (const integration of user.needsSync) {
    if (!org.integrations.includes(integration)) continue;
    const result = await queueUsers(queueBackfillDeps(), org, integration, [user]);
    logger.info('Automatic backfill requested', { userId: user.userId, integration, queued: result.queued });
  }
}

export const backfillHooks: UserEventHooks = {
  userAdded: queueAutoBackfill,
  emailChanged: queueAutoBackfill,
};
