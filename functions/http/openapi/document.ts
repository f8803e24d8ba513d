import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ROUTES, type RouteDefinition, routeKey } from '#functions/routes';
import { API_TOKEN_OPERATIONS } from '#functions/http/api-tokens/operations';
import { AUDIT_OPERATIONS } from '#functions/http/audit/operations';
import { INTEGRATION_OPERATIONS } from '#functions/http/integrations/operations';
import { SCIM_TOKEN_OPERATIONS } from '#functions/http/scim/operations';
import { SETTINGS_OPERATIONS } from '#functions/http/settings/operations';
import { USER_OPERATIONS } from '#functions/http/users/operations';
import { WELCOME_EMAIL_OPERATIONS } from '#functions/http/welcome-email/operations';
import { problem } from '#functions/http/responses';
import { userResource } from '#functions/http/schemas';
import packageJson from '../../../package.json' with { type: 'json' };
import { OPENAPI_OPERATIONS } from './operations.ts';
import { type OperationKey, type OperationMap, type RouteOperation, toOpenApiOperation } from './operation.ts';

/**
 * Every described operation, by route key. A feature that adds /v1 routes
 * adds its map here; the OpenAPI tests fail for a /v1 route without one.
 */
export const OPERATIONS: OperationMap = {
  ...USER_OPERATIONS,
  ...WELCOME_EMAIL_OPERATIONS,
  ...SETTINGS_OPERATIONS,
  ...API_TOKEN_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...INTEGRATION_OPERATIONS,
  ...SCIM_TOKEN_OPERATIONS,
  ...OPENAPI_OPERATIONS,
};

/** Path prefix of the routes the document describes. */
export const DESCRIBED_PREFIX = '/v1/';

/**
 * Path prefixes the document leaves out on purpose, with where their
 * description lives instead.
 */
export const EXCLUDED_PREFIXES: Record<string, string> = {
  '/scim/v2/':
    'SCIM 2.0 is described by RFC 7643 (schemas) and RFC 7644 (protocol), and at run time by its discovery endpoints /scim/v2/ServiceProviderConfig, /scim/v2/ResourceTypes and /scim/v2/Schemas.',
};

export const isExcluded = (path: string) => Object.keys(EXCLUDED_PREFIXES).some((prefix) => path.startsWith(prefix));

export function operationFor(route: Pick<RouteDefinition, 'method' | 'path'>, operations: OperationMap = OPERATIONS): RouteOperation | undefined {
  return operations[routeKey(route) as OperationKey];
}

/** Routes that neither have a description nor sit under an excluded prefix. */
export function undescribedRoutes(routes: RouteDefinition[] = ROUTES, operations: OperationMap = OPERATIONS): RouteDefinition[] {
  return routes.filter((route) => !isExcluded(route.path) && !(route.path.startsWith(DESCRIBED_PREFIX) && operationFor(route, operations)));
}

const DESCRIPTION = `Roster's admin API: org admins and their scripts list, add, edit, promote, demote, suspend and delete the people their org licenses.

**Authentication.** Every operation except this document's takes \`Authorization: Bearer <token>\`. The token is checked against the live user record on each request, so a deleted, suspended or demoted admin is rejected on their next request. The org comes from the token, never from the path or body.

**Pagination.** List operations take \`limit\` (1 to 100, default 50) and \`cursor\`, and return \`nextCursor\`: pass it as \`cursor\` for the next page until it is null. A cursor is opaque and bound to the org and the list it came from.

**Errors.** Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\` and a \`detail\` that says what to fix; invalid input adds \`errors\`, one \`{field, message}\` per invalid field. API Gateway itself answers unknown paths with 404 and throttled requests with 429, each with a body of the form \`{"message": "…"}\`.

**Concurrency.** User responses carry an ETag; send it back as \`If-Match\` on a change to make it conditional (412 when the user has changed since).

**SCIM.** ${EXCLUDED_PREFIXES['/scim/v2/']} Those paths are not in this document.`;

/** Builds the OpenAPI 3.1 document of every described /v1 route in the route table. */
export function buildOpenApiDocument(routes: RouteDefinition[] = ROUTES, operations: OperationMap = OPERATIONS) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    if (!route.path.startsWith(DESCRIBED_PREFIX)) continue;
    const operation = operationFor(route, operations);
    if (!operation) continue;
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get'] = toOpenApiOperation(route, operation);
  }

  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Roster admin API', version: packageJson.version, description: DESCRIPTION },
    tags: [
      { name: 'Users', description: 'The people the org licenses, their roles and their status.' },
      { name: 'Settings', description: 'Org-wide settings and connected integrations.' },
      { name: 'API tokens', description: 'Bearer tokens for scripts that act as an admin.' },
      { name: 'Integrations', description: 'Connected CRMs and call tools, the backfills that load users\' deals and calls from them, and those deals and calls.' },
      { name: 'SCIM tokens', description: 'Bearer tokens for the identity provider that provisions users over SCIM.' },
      { name: 'Audit trail', description: 'Who changed users, roles, settings, integrations and tokens, and when.' },
      { name: 'API description', description: 'This document.' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: { User: userResource, Problem: problem },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An admin API token (`rat.<orgId>.<userId>.<tokenId>.<secret>`, from POST /v1/api-tokens or from the operator who created the org), or an OIDC access token from the identity provider the deployment trusts.',
        },
      },
    },
  });
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Returns the document of the current route table, built once per process. */
export function openApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}
