import type { User, WelcomeEmailState } from '#domain/user';
import type { UserEventHooks } from '#domain/user-events';
import { type WelcomeEmailRequest, welcomeEmailRequestOf } from '#domain/welcome-email';
import { systemClock } from '#commons/ids';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { welcomeEmailQueue, welcomeEmailStates } from './dependencies.ts';

export interface WelcomeEmailQueueDeps {
  queue: { send(body: WelcomeEmailRequest): Promise<string> };
  states: { markFailed(request: WelcomeEmailRequest, failed: { failedAt: string; reason: string }): Promise<boolean> };
  now: () => string;
}

const defaultDeps = (): WelcomeEmailQueueDeps => ({ queue: welcomeEmailQueue(), states: welcomeEmailStates(), now: systemClock.now });

/**
 * Sends the user's queued welcome email request to the mailer's queue and
 * returns the resulting state. Runs after the user write commits, so the
 * request can never refer to a user that was not stored. When SendMessage
 * fails after the SDK's retries, the user is marked `failed` (only while the
 * request is still current) so the admin can read the failure and resend.
 */
export async function queueWelcomeEmail(user: User, deps: WelcomeEmailQueueDeps = defaultDeps()): Promise<WelcomeEmailState> {
  const request = welcomeEmailRequestOf(user);
  if (!request) return user.welcomeEmail;
  const keys = { orgId: request.orgId, userId: request.userId, requestId: request.requestId };
  try {
    await deps.queue.send(request);
    logger.info('Welcome email queued', keys);
    return user.welcomeEmail;
  } catch (error) {
    logger.error('Welcome email could not be queued', { ...keys, error: error as Error });
    const failed = { failedAt: deps.now(), reason: `The email could not be queued (${(error as Error).name}); resend it.` };
    await deps.states.markFailed(request, failed);
    countEvent(BUSINESS_METRICS.welcomeEmailsFailed, request.orgId);
    return { status: 'failed', requestId: request.requestId, ...failed };
  }
}

/** Queues the welcome email of a newly added user. */
export const welcomeEmailHooks: UserEventHooks = {
  userAdded: async (user) => {
    await queueWelcomeEmail(user);
  },
};
