import { getUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { adminRoute } from '#commons/http/route';
import { userIdParams } from '#functions/http/schemas';
import { etag, userResource } from '#functions/http/representations';

export const handler = adminRoute({ params: userIdParams, targetUserParam: 'userId' }, async ({ params, caller }) => {
  const user = await getUser(userServiceDeps, caller.org.orgId, params.userId, caller.target);
  return { status: 200, headers: { etag: etag(user) }, body: userResource(user) };
});
