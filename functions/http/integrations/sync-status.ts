import { syncViews } from '#domain/backfill';
import { getUser } from '#domain/user-service';
import { sync } from '#commons/backfill-dependencies';
import { userServiceDeps } from '#commons/dependencies';
import { adminRoute } from '#commons/http/route';
import { userIdParams } from '#functions/http/schemas';

/** Returns the status of the user's backfill for each connected integration. */
export const handler = adminRoute({ params: userIdParams }, async ({ params, caller }) => {
  const [user, records] = await Promise.all([getUser(userServiceDeps, caller.org.orgId, params.userId), sync.statuses(caller.org.orgId, params.userId)]);
  return {
    status: 200,
    body: { userId: user.userId, needsSync: user.needsSync, integrations: syncViews(user, caller.org.integrations, records) },
  };
});
