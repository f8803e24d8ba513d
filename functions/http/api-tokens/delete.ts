import { revokeToken } from '#domain/token-service';
import { tokenServiceDeps } from '#commons/dependencies';
import { adminRoute } from '#commons/http/route';
import { tokenIdParams } from '#functions/http/schemas';

/** Revokes one of the caller's own tokens; it stops working on the next request. */
export const handler = adminRoute({ params: tokenIdParams }, async ({ params, caller }) => {
  await revokeToken(tokenServiceDeps, caller.context, 'api', params.tokenId, caller.user.userId);
  return { status: 204 };
});
