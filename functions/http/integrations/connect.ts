import { CREDENTIAL_SCHEMAS } from '#domain/integration-credentials';
import { connectIntegration } from '#domain/integration-service';
import { integrationServiceDeps } from '#commons/backfill-dependencies';
import { parseWith, readJsonBody } from '#commons/http/parse';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { integrationParams } from './schemas.ts';

/**
 * Connects an integration, or replaces its credentials. The body contains the
 * provider's credentials, which go to the secret store and are never returned.
 */
export const handler = adminRoute({ params: integrationParams }, async ({ params, caller, event }) => {
  const { integration } = params;
  const credentials = parseWith<object>(CREDENTIAL_SCHEMAS[integration], readJsonBody(event) ?? {}, 'body');
  const result = await connectIntegration(integrationServiceDeps(), caller.context, caller.org, integration, credentials);
  logger.info(result.connected ? 'Integration connected' : 'Integration credentials replaced', { integration, usersMarked: result.usersMarked });
  if (result.connected) countEvent(BUSINESS_METRICS.integrationsConnected, caller.org.orgId);
  return {
    status: result.connected ? 201 : 200,
    body: { integration, connected: true, usersMarkedNeedSync: result.usersMarked },
  };
});
