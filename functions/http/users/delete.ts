import { transitionUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { expectedVersion } from '#commons/http/etag';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { userIdParams } from '#functions/http/schemas';

/** Soft delete: the user loses access at once; their meetings, content and synced data stay. */
export const handler = adminRoute({ params: userIdParams, targetUserParam: 'userId' }, async ({ params, caller, event }) => {
  await transitionUser(userServiceDeps, caller.context, params.userId, 'delete', expectedVersion(event.headers['if-match']), caller.target);
  countEvent(BUSINESS_METRICS.usersDeleted, caller.org.orgId);
  logger.info('User deleted', { userId: params.userId });
  return { status: 204 };
});
