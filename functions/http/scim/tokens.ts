import type { Context } from 'aws-lambda';
import { createToken, revokeToken } from '#domain/token-service';
import { summarize } from '#domain/tokens';
import { tokenServiceDeps, tokens } from '#commons/dependencies';
import { type HttpEvent, adminRoute } from '#commons/http/route';
import { apiTokenBody, tokenIdParams } from '#functions/http/schemas';

/** Creates a SCIM token for the org, with the same name and optional expiry as an admin API token. The token is in this response only; Roster keeps just its hash. */
const create = adminRoute({ body: apiTokenBody }, async ({ body, caller }) => {
  const { record, token } = await createToken(tokenServiceDeps, caller.context, {
    kind: 'scim',
    name: body.name,
    ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}),
  });
  return { status: 201, headers: { location: `/v1/scim-tokens/${record.tokenId}` }, body: { ...summarize(record), token } };
});

/** Lists the org's SCIM tokens, without secrets. */
const list = adminRoute({}, async ({ caller }) => {
  const records = await tokens.list('scim', caller.org.orgId);
  return { status: 200, body: { tokens: records.map(summarize) } };
});

/** Revokes a SCIM token; the identity provider using it gets 401 from its next request. */
const remove = adminRoute({ params: tokenIdParams }, async ({ params, caller }) => {
  await revokeToken(tokenServiceDeps, caller.context, 'scim', params.tokenId);
  return { status: 204 };
});

const ROUTES = {
  'POST /v1/scim-tokens': create,
  'GET /v1/scim-tokens': list,
  'DELETE /v1/scim-tokens/{tokenId}': remove,
};

/** One module for the three SCIM token routes; each route keeps the admin middleware chain of its own handler. */
export const handler = (event: HttpEvent, context: Context) => {
  const route = ROUTES[event.routeKey as keyof typeof ROUTES];
  if (!route) throw new Error(`No SCIM token handler for route ${event.routeKey}.`);
  return route(event, context);
};
