import { AUDIT_ROUTES } from './http/audit/routes.ts';

import { BACKFILL_QUEUE_NAMES } from './workers/backfill/definition.ts';

import { INTEGRATION_ROUTES } from './http/integrations/routes.ts';

import { OPENAPI_ROUTES } from './http/openapi/routes.ts';

import { SCIM_ROUTES } from './http/scim/routes.ts';

import { WELCOME_EMAIL_ROUTES } from './http/welcome-email/routes.ts';

/**
 * The route table: every HTTP route, once. The CDK stack builds API Gateway
 * routes and Lambda functions from it, and the local HTTP front dispatches
 * with it, so both run the same handler module for a route.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `read`: GetItem, BatchGetItem, Query. `write`: those plus PutItem, UpdateItem, DeleteItem, ConditionCheckItem. */
export type TableAccess = 'read' | 'write';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path template, for example `/v1/users/{userId}`. */
  path: string;
  /** Handler module under functions/, without `.ts`; it exports `handler`. Routes may share a module. */
  handler: string;
  /** `admin`: admin bearer token or OIDC token; `scim`: SCIM token; `public`: none. */
  auth: 'admin' | 'scim' | 'public';
  table: TableAccess;
  /** Secrets (names in the secret store) the handler reads. */
  secrets?: string[];
  /** Secrets the handler creates, changes or deletes. */
  writesSecrets?: string[];
  /** Queues (short names from infra/resources.ts) the handler sends to. */
  sendsTo?: string[];
  /** Reads and writes Powertools idempotency records (ROSTER_IDEMPOTENCY_TABLE_NAME). */
  idempotency?: boolean;
  summary: string;
}

const CURSOR_KEY = 'cursor-signing-key';

const USER_ROUTES: RouteDefinition[] = [
  { method: 'GET', path: '/v1/users', handler: 'http/users/list', auth: 'admin', table: 'read', secrets: [CURSOR_KEY], summary: 'List the org\'s users' },
  { method: 'POST', path: '/v1/users', handler: 'http/users/create', auth: 'admin', table: 'write', idempotency: true, sendsTo: ['welcome-email', ...BACKFILL_QUEUE_NAMES], summary: 'Add a user' },
  { method: 'GET', path: '/v1/users/{userId}', handler: 'http/users/get', auth: 'admin', table: 'read', summary: 'Get a user' },
  { method: 'PATCH', path: '/v1/users/{userId}', handler: 'http/users/update', auth: 'admin', table: 'write', sendsTo: [...BACKFILL_QUEUE_NAMES], summary: 'Edit a user\'s email or name' },
  { method: 'DELETE', path: '/v1/users/{userId}', handler: 'http/users/delete', auth: 'admin', table: 'write', summary: 'Delete a user (access revoked, data kept)' },
  { method: 'POST', path: '/v1/users/promote', handler: 'http/users/promote', auth: 'admin', table: 'write', idempotency: true, summary: 'Promote users to admin' },
  { method: 'POST', path: '/v1/users/demote', handler: 'http/users/demote', auth: 'admin', table: 'write', idempotency: true, summary: 'Demote admins to member' },
  { method: 'POST', path: '/v1/users/{userId}/suspend', handler: 'http/users/suspend', auth: 'admin', table: 'write', idempotency: true, summary: 'Suspend a user' },
  { method: 'POST', path: '/v1/users/{userId}/reactivate', handler: 'http/users/reactivate', auth: 'admin', table: 'write', idempotency: true, summary: 'Reactivate a suspended user' },
  { method: 'POST', path: '/v1/users/{userId}/restore', handler: 'http/users/restore', auth: 'admin', table: 'write', idempotency: true, summary: 'Restore a deleted user' },
  { method: 'GET', path: '/v1/settings', handler: 'http/settings/get', auth: 'admin', table: 'read', summary: 'Get the org\'s settings' },
  { method: 'PATCH', path: '/v1/settings', handler: 'http/settings/update', auth: 'admin', table: 'write', summary: 'Change the org\'s settings' },
  { method: 'POST', path: '/v1/api-tokens', handler: 'http/api-tokens/create', auth: 'admin', table: 'write', summary: 'Create an admin API token for the caller' },
  { method: 'GET', path: '/v1/api-tokens', handler: 'http/api-tokens/list', auth: 'admin', table: 'read', summary: 'List the caller\'s admin API tokens' },
  { method: 'DELETE', path: '/v1/api-tokens/{tokenId}', handler: 'http/api-tokens/delete', auth: 'admin', table: 'write', summary: 'Revoke an admin API token' },
];

export const ROUTES: RouteDefinition[] = [
  ...USER_ROUTES,

  ...WELCOME_EMAIL_ROUTES,

  ...INTEGRATION_ROUTES,

  ...SCIM_ROUTES,

  ...AUDIT_ROUTES,

  ...OPENAPI_ROUTES,
];

/** API Gateway's route key, `METHOD /path`. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** CloudFormation-friendly id of a handler module: `http/users/list` → `HttpUsersList`. */
export function functionId(handler: string): string {
  return handler
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
