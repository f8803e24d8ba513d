import { listUsers } from '#domain/user-service';
import type { UserStatus } from '#domain/user';
import { userServiceDeps } from '#commons/dependencies';
import { decodeCursor, encodeCursor } from '#commons/http/cursor';
import { adminRoute } from '#commons/http/route';
import { listUsersQuery } from '#functions/http/schemas';
import { userResource } from '#functions/http/representations';

/** Without a status filter the list shows everyone who has not been deleted. */
const DEFAULT_STATUSES: UserStatus[] = ['active', 'suspended'];
const CURSOR_SCOPE = 'users';

export const handler = adminRoute({ query: listUsersQuery }, async ({ query, caller }) => {
  const { orgId } = caller.org;
  const after = query.cursor ? await decodeCursor(orgId, CURSOR_SCOPE, query.cursor) : undefined;
  const page = await listUsers(userServiceDeps, orgId, {
    limit: query.limit,
    ...(after === undefined ? {} : { after }),
    statuses: query.status ? [query.status] : DEFAULT_STATUSES,
    ...(query.role ? { role: query.role } : {}),
    ...(query.needsSync === undefined ? {} : { needsSync: query.needsSync }),
  });
  return {
    status: 200,
    body: {
      users: page.items.map(userResource),
      nextCursor: page.nextKey ? await encodeCursor(orgId, CURSOR_SCOPE, page.nextKey) : null,
    },
  };
});
