import * as z from 'zod';
import { SYNC_STATUSES } from '#domain/backfill';
import { SKIP_REASONS } from '#domain/backfill-service';
import { INTEGRATIONS } from '#domain/integrations';
import { id, pageLimit } from '#functions/http/schemas';

export const integrationParams = z.object({
  integration: z.enum(INTEGRATIONS, `Must be one of ${INTEGRATIONS.join(', ')}.`),
});

export const backfillBody = z
  .object({
    userIds: z
      .array(id('user'), 'Must be an array of user ids.')
      .min(1, 'Must list at least one user id; omit userIds to back-fill every active user who needs sync.')
      .max(1000, 'Must list at most 1000 user ids.')
      .optional(),
  })
  .strict();

/** The backfill route takes no query parameters; an unknown one is rejected rather than ignored, because ignoring `userIds` would queue everyone. */
export const backfillQuery = z.object({}).strict();

export const listDealsQuery = z
  .object({
    ownerId: id('user'),
    limit: pageLimit,
    cursor: z.string().max(1024).optional(),
  })
  .strict();

export const listCallsQuery = z.object({ limit: pageLimit, cursor: z.string().max(1024).optional() }).strict();

/** Response of PUT /v1/integrations/{integration}. */
export const connectedIntegration = z.object({
  integration: z.enum(INTEGRATIONS),
  connected: z.literal(true),
  usersMarkedNeedSync: z.number().int().meta({ description: 'Active users marked Need Sync by this request, or 0 when only the credentials were replaced.' }),
});

/** Response of GET /v1/integrations: every integration, connected or not. */
export const integrationList = z.object({
  integrations: z.array(
    z.object({
      integration: z.enum(INTEGRATIONS),
      connected: z.boolean(),
      usersNeedingSync: z.number().int().meta({ description: 'Active users marked Need Sync for this integration.' }),
    }),
  ),
});

/** Response of POST /v1/integrations/{integration}/backfill. */
export const backfillResult = z.object({
  integration: z.enum(INTEGRATIONS),
  queued: z.number().int().meta({ description: 'Backfills queued by this request.' }),
  skipped: z
    .array(z.object({ userId: z.string(), reason: z.enum(SKIP_REASONS) }))
    .meta({ description: 'Users not queued, each with the reason: no such user, not active, a backfill already queued or running, or the queue rejected the message (retry those).' }),
});

/** Response of GET /v1/users/{userId}/sync. */
export const syncStatus = z.object({
  userId: z.string(),
  needsSync: z.array(z.enum(INTEGRATIONS)),
  integrations: z
    .array(
      z.object({
        integration: z.enum(INTEGRATIONS),
        status: z.enum(SYNC_STATUSES),
        updatedAt: z.string().optional(),
        records: z.number().int().optional().meta({ description: 'Deals or calls stored by the last successful backfill.' }),
        reason: z.string().optional().meta({ description: 'Why the backfill failed, or why a finished one left the user Need Sync.' }),
        attempts: z.number().int().optional().meta({ description: 'Deliveries of the queue message so far.' }),
      }),
    )
    .meta({ description: 'One entry per connected integration.' }),
});

const activitySource = {
  externalId: z.string().meta({ description: 'The provider\'s id of the record.' }),
  ownerId: z.string(),
  integration: z.enum(INTEGRATIONS),
  syncedAt: z.string(),
};

/** Response of GET /v1/deals. */
export const dealPage = z.object({
  deals: z.array(
    z.object({
      ...activitySource,
      name: z.string(),
      amount: z.number().nullable(),
      stage: z.string(),
      closeDate: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** Response of GET /v1/users/{userId}/calls. */
export const callPage = z.object({
  calls: z.array(
    z.object({
      ...activitySource,
      title: z.string(),
      startedAt: z.string(),
      durationSeconds: z.number().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
