import type { RouteDefinition } from '#functions/routes';
import { BACKFILL_QUEUE_NAMES } from '#functions/workers/backfill/definition';

const USERS = 'http/scim/users';
const GROUPS = 'http/scim/groups';
const DISCOVERY = 'http/scim/discovery';
const TOKENS = 'http/scim/tokens';

/**
 * Queues the Users module sends to through the user events. A new user gets
 * the welcome email and, with autoBackfill, backfills, and a changed email
 * queues backfills. Every Users route lists them because the routes share one
 * function, and CDK grants a function the sends of all its routes.
 */
const USER_EVENT_QUEUES = ['welcome-email', ...BACKFILL_QUEUE_NAMES];

/**
 * SCIM 2.0 under /scim/v2 and the SCIM token routes. Each SCIM resource has
 * one handler module that dispatches on the route key, so Users, Groups and
 * discovery are three functions rather than seventeen.
 */
export const SCIM_ROUTES: RouteDefinition[] = [
  { method: 'POST', path: '/v1/scim-tokens', handler: TOKENS, auth: 'admin', table: 'write', summary: 'Create a SCIM token for the org (returned once)' },
  { method: 'GET', path: '/v1/scim-tokens', handler: TOKENS, auth: 'admin', table: 'read', summary: 'List the org\'s SCIM tokens' },
  { method: 'DELETE', path: '/v1/scim-tokens/{tokenId}', handler: TOKENS, auth: 'admin', table: 'write', summary: 'Revoke a SCIM token' },

  { method: 'GET', path: '/scim/v2/Users', handler: USERS, auth: 'scim', table: 'read', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: list or filter users' },
  { method: 'POST', path: '/scim/v2/Users', handler: USERS, auth: 'scim', table: 'write', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: create a user' },
  { method: 'GET', path: '/scim/v2/Users/{userId}', handler: USERS, auth: 'scim', table: 'read', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: get a user' },
  { method: 'PUT', path: '/scim/v2/Users/{userId}', handler: USERS, auth: 'scim', table: 'write', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: replace a user' },
  { method: 'PATCH', path: '/scim/v2/Users/{userId}', handler: USERS, auth: 'scim', table: 'write', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: modify a user' },
  { method: 'DELETE', path: '/scim/v2/Users/{userId}', handler: USERS, auth: 'scim', table: 'write', sendsTo: USER_EVENT_QUEUES, summary: 'SCIM: delete a user (access revoked, data kept)' },

  { method: 'GET', path: '/scim/v2/Groups', handler: GROUPS, auth: 'scim', table: 'read', summary: 'SCIM: list or filter groups' },
  { method: 'POST', path: '/scim/v2/Groups', handler: GROUPS, auth: 'scim', table: 'write', summary: 'SCIM: create a group' },
  { method: 'GET', path: '/scim/v2/Groups/{groupId}', handler: GROUPS, auth: 'scim', table: 'read', summary: 'SCIM: get a group' },
  { method: 'PUT', path: '/scim/v2/Groups/{groupId}', handler: GROUPS, auth: 'scim', table: 'write', summary: 'SCIM: replace a group' },
  { method: 'PATCH', path: '/scim/v2/Groups/{groupId}', handler: GROUPS, auth: 'scim', table: 'write', summary: 'SCIM: modify a group or its members' },
  { method: 'DELETE', path: '/scim/v2/Groups/{groupId}', handler: GROUPS, auth: 'scim', table: 'write', summary: 'SCIM: delete a group' },

  { method: 'GET', path: '/scim/v2/ServiceProviderConfig', handler: DISCOVERY, auth: 'scim', table: 'read', summary: 'SCIM: service provider configuration' },
  { method: 'GET', path: '/scim/v2/ResourceTypes', handler: DISCOVERY, auth: 'scim', table: 'read', summary: 'SCIM: resource types' },
  { method: 'GET', path: '/scim/v2/ResourceTypes/{resourceTypeId}', handler: DISCOVERY, auth: 'scim', table: 'read', summary: 'SCIM: one resource type' },
  { method: 'GET', path: '/scim/v2/Schemas', handler: DISCOVERY, auth: 'scim', table: 'read', summary: 'SCIM: schemas' },
  { method: 'GET', path: '/scim/v2/Schemas/{schemaId}', handler: DISCOVERY, auth: 'scim', table: 'read', summary: 'SCIM: one schema' },
];
