import type { StatusTransition } from '#domain/user';
import { transitionUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { expectedVersion } from '#commons/http/etag';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { userIdParams } from '#functions/http/schemas';
import { etag, userResource } from '#functions/http/representations';

/** Builds the handler of a status change route (suspend, reactivate, restore), which returns the changed user. */
export function transitionHandler(transition: StatusTransition) {
  return adminRoute({ params: userIdParams, idempotency: true, targetUserParam: 'userId' }, async ({ params, caller, event }) => {
    const user = await transitionUser(
      userServiceDeps,
      caller.context,
      params.userId,
      transition,
      expectedVersion(event.headers['if-match']),
      caller.target,
    );
    logger.info('User status changed', { userId: user.userId, transition, status: user.status });
    return { status: 200, headers: { etag: etag(user) }, body: userResource(user) };
  });
}
