import { requestWelcomeEmailResend } from '#domain/welcome-email';
import { userServiceDeps } from '#commons/dependencies';
import { logger } from '#commons/powertools';
import { adminRoute } from '#commons/http/route';
import { emptyBody, userIdParams } from '#functions/http/schemas';
import { etag, userResource } from '#functions/http/representations';
import { queueWelcomeEmail } from '#functions/workers/welcome-email/hooks';

/**
 * Queues a new welcome email with a new request id and returns 202: the email
 * goes out asynchronously, and `welcomeEmail` in the returned user shows
 * `queued` (or `failed` when the queue rejected the request).
 */
export const handler = adminRoute({ params: userIdParams, body: emptyBody }, async ({ params, caller }) => {
  const user = await requestWelcomeEmailResend(userServiceDeps, caller.context, params.userId);
  const welcomeEmail = await queueWelcomeEmail(user);
  logger.info('Welcome email resend requested', { userId: user.userId, welcomeEmail: welcomeEmail.status });
  return { status: 202, headers: { etag: etag(user) }, body: userResource({ ...user, welcomeEmail }) };
});
