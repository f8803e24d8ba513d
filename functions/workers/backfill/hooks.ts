import type { UserEventHooks } from '#domain/user-events';

/** Queues a backfill when the org has `autoBackfill` on. */
export const backfillHooks: UserEventHooks = {};
