import { type CallerContext, diffFields } from './audit.ts';
import { ConflictError, VersionMismatchError } from './errors.ts';
import type { User, WelcomeEmailState } from './user.ts';
import { type UserServiceDeps, getUser, userAudit } from './user-service.ts';

/** The queue message that requests one welcome email from the mailer. */
export interface WelcomeEmailRequest {
  orgId: string;
  userId: string;
  /** Changes with every resend, so the mailer can tell a current request from a superseded one. */
  requestId: string;
}

/**
 * Storage of the outcome of a welcome email. Each write changes only the
 * user's `welcomeEmail` attribute and leaves `version` alone. It applies only
 * while the stored request id is still `requestId`, and returns false when it did not apply.
 */
export interface WelcomeEmailStateStore {
  markSent(request: WelcomeEmailRequest, sent: { sentAt: string; messageId: string }): Promise<boolean>;
  /** Never replaces a `sent` state: an email that went out stays recorded as sent. */
  markFailed(request: WelcomeEmailRequest, failed: { failedAt: string; reason: string }): Promise<boolean>;
}

export type MailerDecision = { send: true } | { send: false; reason: string };

/**
 * Decides whether the mailer sends the email of `request` to `user`. A request
 * that is no longer the user's current one, or whose email already went out,
 * is skipped. So is a user who was deleted after the request was queued.
 */
export function decideWelcomeEmail(user: User | undefined, request: WelcomeEmailRequest): MailerDecision {
  if (!user) return { send: false, reason: 'user_not_found' };
  if (user.status === 'deleted') return { send: false, reason: 'user_deleted' };
  const state = user.welcomeEmail;
  if (state.status === 'not_requested' || state.requestId !== request.requestId) return { send: false, reason: 'request_superseded' };
  if (state.status === 'sent') return { send: false, reason: 'already_sent' };
  // `failed` is sent as well: an operator who redrives the dead-letter queue wants the email to go out.
  return { send: true };
}

export function welcomeEmailRequestOf(user: User): WelcomeEmailRequest | undefined {
  const state = user.welcomeEmail;
  if (state.status !== 'queued') return undefined;
  return { orgId: user.orgId, userId: user.userId, requestId: state.requestId };
}

/** How often a resend re-reads and re-applies after losing a race with another change to the user. */
const MAX_RESEND_ATTEMPTS = 3;

/**
 * Queues a new welcome email for the user: a new request id, so any earlier
 * request still in the queue is skipped. The state change and its audit entry
 * are one transaction. Deleted users are rejected, because they have no access to sign in with.
 */
export async function requestWelcomeEmailResend(deps: UserServiceDeps, caller: CallerContext, userId: string): Promise<User> {
  for (let attempt = 1; ; attempt++) {
    const before = await getUser(deps, caller.orgId, userId);
    if (before.status === 'deleted') {
      throw new ConflictError(
        'user_deleted',
        `User ${userId} is deleted, so no welcome email can be sent. Restore the user first (POST /v1/users/${userId}/restore), then resend.`,
      );
    }
    const now = deps.clock.now();
    const welcomeEmail: WelcomeEmailState = { status: 'queued', requestId: deps.ids.next(), queuedAt: now };
    const after: User = { ...before, welcomeEmail, version: before.version + 1, updatedAt: now };
    const audit = { ...userAudit(deps, caller, 'user.welcome_email_resent', userId, before, after), changes: diffFields(before, after, ['welcomeEmail']) };
    try {
      await deps.users.save(before, after, audit);
      return after;
    } catch (error) {
      if (!(error instanceof VersionMismatchError) || attempt >= MAX_RESEND_ATTEMPTS) throw error;
    }
  }
}
