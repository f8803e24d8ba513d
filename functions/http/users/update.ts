import { updateUserProfile } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { expectedVersion } from '#commons/http/etag';
import { logger } from '#commons/powertools';
import { userEvents } from '#commons/user-events';
import { adminRoute } from '#commons/http/route';
import { updateUserBody, userIdParams } from '#functions/http/schemas';
import { etag, userResource } from '#functions/http/representations';

export const handler = adminRoute({ params: userIdParams, body: updateUserBody, targetUserParam: 'userId' }, async ({ params, body, caller, event }) => {
  const { user, emailChanged } = await updateUserProfile(
    userServiceDeps,
    caller.context,
    caller.org,
    params.userId,
    body,
    expectedVersion(event.headers['if-match']),
    caller.target,
  );
  if (emailChanged) {
    logger.info('User email changed; marked Need Sync', { userId: user.userId, needsSync: user.needsSync });
    await userEvents.emailChanged(user, caller.org);
  }
  return { status: 200, headers: { etag: etag(user) }, body: userResource(user) };
});
