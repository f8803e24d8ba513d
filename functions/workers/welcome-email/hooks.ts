import type { UserEventHooks } from '#domain/user-events';

/** Queues the welcome email of a newly added user. */
export const welcomeEmailHooks: UserEventHooks = {};
