import * as z from 'zod';
import type { OperationMap } from '#functions/http/openapi/operation';
import { EXAMPLE_ORG_ID } from '#functions/http/users/operations';
import { listAuditEventsQuery } from './schemas.ts';

const actor = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: z.string() }),
  z.object({ type: z.literal('scim'), tokenId: z.string() }),
  z.object({ type: z.literal('operator'), name: z.string() }),
  z.object({ type: z.literal('system'), name: z.string() }),
]);

/** One entry of the audit trail, as GET /v1/audit-events returns it. */
export const auditEventResource = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor,
  channel: z.enum(['admin_api', 'scim', 'operator', 'system']),
  target: z.object({ type: z.enum(['user', 'org', 'token', 'integration', 'group']), id: z.string() }),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  requestId: z.string().optional(),
});

const auditEventsPage = z.object({ events: z.array(auditEventResource), nextCursor: z.string().nullable() });

/** API description of the audit trail route. */
export const AUDIT_OPERATIONS: OperationMap = {
  'GET /v1/audit-events': {
    operationId: 'listAuditEvents',
    tags: ['Audit trail'],
    description:
      'Lists who changed what in the org, and when, with each changed field before and after. Newest first unless `order=oldest`. A cursor only works with the filters it was issued for.',
    query: listAuditEventsQuery,
    responses: {
      200: {
        description: 'One page of audit entries.',
        schema: auditEventsPage,
        example: {
          events: [
            {
              id: '01JEM9D5E6F7G8H9JKMNPQRSTV',
              at: '2026-12-05T08:00:00.000Z',
              action: 'user.updated',
              actor: { type: 'user', userId: '01JEM9A1B2C3D4E5F6G7H8J9KM' },
              channel: 'admin_api',
              target: { type: 'user', id: '01JEM9C4D5E6F7G8H9JKMNPQRS' },
              changes: { email: { before: 'ann@example.com', after: 'ann.lee@example.com' } },
              requestId: `req-${EXAMPLE_ORG_ID.slice(0, 4)}`,
            },
          ],
          nextCursor: null,
        },
      },
    },
  },
};
