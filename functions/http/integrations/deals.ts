import { getUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { activity } from '#commons/backfill-dependencies';
import { adminRoute } from '#commons/http/route';
import { activityPage } from './activity.ts';
import { listDealsQuery } from './schemas.ts';

/** Lists one user's deals from every connected CRM, a page at a time (the pipeline view). Deleted users' deals stay listed. */
export const handler = adminRoute({ query: listDealsQuery }, async ({ query, caller }) => {
  const { orgId } = caller.org;
  // A user of another org, or none, is a 404 like every other user route, not an empty list.
  await getUser(userServiceDeps, orgId, query.ownerId);
  const { items, nextCursor } = await activityPage(orgId, `deals:${query.ownerId}`, query.cursor, (after) =>
    activity.listDeals(orgId, query.ownerId, query.limit, after),
  );
  return { status: 200, body: { deals: items, nextCursor } };
});
