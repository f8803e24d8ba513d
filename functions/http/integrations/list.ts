import { listIntegrations } from '#domain/integration-service';
import { sync } from '#commons/backfill-dependencies';
import { adminRoute } from '#commons/http/route';

/** Lists every integration with whether it is connected and how many active users need sync for it. */
export const handler = adminRoute({}, async ({ caller }) => ({
  status: 200,
  body: { integrations: await listIntegrations({ sync }, caller.org) },
}));
