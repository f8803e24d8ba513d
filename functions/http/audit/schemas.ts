import * as z from 'zod';
import { AUDIT_ORDERS } from '#domain/audit-trail';
import { id, pageLimit } from '#functions/http/schemas';

const dateTime = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 date-time such as 2026-12-04T00:00:00Z.' });

export const listAuditEventsQuery = z
  .object({
    limit: pageLimit,
    cursor: z.string().max(1024).optional(),
    order: z.enum(AUDIT_ORDERS, `Must be one of ${AUDIT_ORDERS.join(', ')}.`).default('newest'),
    userId: id('user').optional(),
    actor: z.string().trim().min(1, 'Must not be empty.').max(200, 'Must be at most 200 characters.').optional(),
    action: z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/, 'Must be an action name such as user.created or settings.updated.')
      .optional(),
    from: dateTime.optional(),
    to: dateTime.optional(),
  })
  .strict()
  .refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) <= Date.parse(query.to), {
    message: 'Must not be later than to.',
    path: ['from'],
  });

export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuery>;
