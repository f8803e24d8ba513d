import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CallerContext } from '#domain/audit';
import { UnauthorizedError } from '#domain/errors';
import type { Org } from '#domain/org';
import { isExpired, isScimTokenVouchedFor } from '#domain/tokens';
import { tokens, users } from '#commons/dependencies';
import { isUlid } from '#commons/ids';
import { logger } from '#commons/powertools';
import { bearerToken, parseToken, secretMatches } from '#commons/tokens';

export interface ScimCaller {
  org: Org;
  tokenId: string;
  context: CallerContext;
}

/** One message for every rejected credential, so a client learns only that it needs a valid token. */
const INVALID = 'The bearer token is invalid, expired or revoked. Send a SCIM token created with POST /v1/scim-tokens in the Authorization header.';

/**
 * Resolves the caller of a SCIM route from a SCIM token (`rsc.…`). Admin API
 * tokens are rejected here, as SCIM tokens are on the admin API, so each kind
 * of token works only on its own routes. The token, the org and the admin
 * who created the token are read on every request, so a revoked token, or one
 * whose creator is no longer an active admin, stops working at once. A token
 * whose `createdBy` is not a user id was created by an operator function and
 * belongs to the org alone.
 */
export async function authenticateScim(event: APIGatewayProxyEventV2): Promise<ScimCaller> {
  const raw = bearerToken(event.headers.authorization);
  if (!raw) throw new UnauthorizedError('Missing bearer token. Send Authorization: Bearer <SCIM token>.');
  const parsed = parseToken(raw);
  if (!parsed || parsed.kind !== 'scim') throw new UnauthorizedError(INVALID);

  const { token, org } = await tokens.loadCaller('scim', parsed.orgId, parsed.tokenId);
  if (!token || !org || token.kind !== 'scim' || !secretMatches(parsed.secret, token.secretHash) || isExpired(token, new Date().toISOString())) {
    throw new UnauthorizedError(INVALID);
  }
  // NOTE: operator names are distinguished from user ids by their form, so an operator must not be named with a ULID.
  if (isUlid(token.createdBy)) {
    const creator = await users.get(org.orgId, token.createdBy);
    if (!isScimTokenVouchedFor(token, creator)) {
      logger.warn('SCIM token rejected because its creator is no longer an active admin; the org must create a new SCIM token', {
        orgId: org.orgId,
        scimTokenId: token.tokenId,
        userId: token.createdBy,
      });
      throw new UnauthorizedError(INVALID);
    }
  }
  return {
    org,
    tokenId: token.tokenId,
    context: { orgId: org.orgId, actor: { type: 'scim', tokenId: token.tokenId }, channel: 'scim', requestId: event.requestContext.requestId },
  };
}
