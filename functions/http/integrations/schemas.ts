import * as z from 'zod';
import { INTEGRATIONS } from '#domain/integrations';
import { id } from '#functions/http/schemas';

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

const limit = z.coerce.number('Must be a whole number from 1 to 100.').int('Must be a whole number from 1 to 100.').min(1).max(100).default(50);

export const listDealsQuery = z
  .object({
    ownerId: id('user'),
    limit,
    cursor: z.string().max(1024).optional(),
  })
  .strict();

export const listCallsQuery = z.object({ limit, cursor: z.string().max(1024).optional() }).strict();
