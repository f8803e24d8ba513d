import type { RouteDefinition } from '#functions/routes';

/** The audit trail. */
export const AUDIT_ROUTES: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/v1/audit-events',
    handler: 'http/audit/list',
    auth: 'admin',
    table: 'read',
    secrets: ['cursor-signing-key'],
    summary: 'List the org\'s audit trail: who changed what, when, before and after',
  },
];
