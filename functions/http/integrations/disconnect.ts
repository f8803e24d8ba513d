import { disconnectIntegration } from '#domain/integration-service';
import { integrationServiceDeps } from '#commons/backfill-dependencies';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { integrationParams } from './schemas.ts';

/** Disconnects an integration: clears it from every user's Need Sync and deletes its credentials. Stored deals and calls stay. */
export const handler = adminRoute({ params: integrationParams }, async ({ params, caller }) => {
  const { usersCleared } = await disconnectIntegration(integrationServiceDeps(), caller.context, caller.org, params.integration);
  logger.info('Integration disconnected', { integration: params.integration, usersCleared });
  return { status: 204 };
});
