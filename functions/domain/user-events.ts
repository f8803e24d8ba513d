import type { Org } from './org.ts';
import type { User } from './user.ts';

/**
 * Work that follows a stored user change but must not make the change slow or
 * fail: queueing the welcome email, queueing an automatic backfill. Each
 * feature supplies its hooks; the caller runs them after the write commits.
 */
export interface UserEventHooks {
  /** After a user is added (admin API or SCIM). */
  userAdded?(user: User, org: Org): Promise<void>;
  /** After a user's email changed beyond letter case, so Need Sync was reset. */
  emailChanged?(user: User, org: Org): Promise<void>;
}
