import type { Org } from '#domain/org';
import type { User } from '#domain/user';
import type { UserEventHooks } from '#domain/user-events';
import { backfillHooks } from '#functions/workers/backfill/hooks';
import { welcomeEmailHooks } from '#functions/workers/welcome-email/hooks';
import { logger } from './powertools.ts';

const HOOKS: [string, UserEventHooks][] = [
  ['welcome-email', welcomeEmailHooks],
  ['backfill', backfillHooks],
];

/**
 * Runs every feature's hook for a committed user change. A failing hook is
 * logged and does not fail the request: the change itself is stored, and each
 * hook records its own failure on the user (for example `welcomeEmail.failed`).
 */
async function run(event: keyof UserEventHooks, user: User, org: Org): Promise<void> {
  await Promise.all(
    HOOKS.map(async ([feature, hooks]) => {
      try {
        await hooks[event]?.(user, org);
      } catch (error) {
        logger.error('User event hook failed', { feature, event, userId: user.userId, error: error as Error });
      }
    }),
  );
}

export const userEvents = {
  added: (user: User, org: Org) => run('userAdded', user, org),
  emailChanged: (user: User, org: Org) => run('emailChanged', user, org),
};
