import { getUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { activity } from '#commons/backfill-dependencies';
import { adminRoute } from '#commons/http/route';
import { userIdParams } from '#functions/http/schemas';
import { activityPage } from './activity.ts';
import { listCallsQuery } from './schemas.ts';

/** Lists one user's calls from every connected call tool, a page at a time. */
export const handler = adminRoute({ params: userIdParams, query: listCallsQuery }, async ({ params, query, caller }) => {
  const { orgId } = caller.org;
  // A user of another org, or none, is a 404 like every other user route, not an empty list.
  await getUser(userServiceDeps, orgId, params.userId);
  const { items, nextCursor } = await activityPage(orgId, `calls:${params.userId}`, query.cursor, (after) =>
    activity.listCalls(orgId, params.userId, query.limit, after),
  );
  return { status: 200, body: { calls: items, nextCursor } };
});
