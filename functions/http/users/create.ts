import { createUser } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { userEvents } from '#commons/user-events';
import { adminRoute } from '#commons/http/route';
import { createUserBody } from '#functions/http/schemas';
import { etag, userResource } from '#functions/http/representations';

export const handler = adminRoute({ body: createUserBody, idempotency: true }, async ({ body, caller }) => {
  const { user } = await createUser(userServiceDeps, caller.context, caller.org, body);
  await userEvents.added(user, caller.org);
  countEvent(BUSINESS_METRICS.usersAdded, caller.org.orgId);
  logger.info('User added', { userId: user.userId, role: user.role, welcomeEmail: user.welcomeEmail.status });
  return {
    status: 201,
    headers: { location: `/v1/users/${user.userId}`, etag: etag(user) },
    body: userResource(user),
  };
});
