import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CallerContext } from '#domain/audit';
import { ForbiddenError, UnauthorizedError } from '#domain/errors';
import type { Org } from '#domain/org';
import { isAcceptedBy, isExpired, isJwtAcceptedBy } from '#domain/tokens';
import type { User } from '#domain/user';
import { orgs, tokens, users } from '#commons/dependencies';
import { logger } from '#commons/powertools';
import { bearerToken, parseToken, secretMatches } from '#commons/tokens';
import { InvalidOidcTokenError, looksLikeJwt, oidcSettings, verifyOidcToken } from './oidc.ts';

/** Credential the caller authenticated with: an admin API token, or an OIDC access token from the org's identity provider. */
export type AdminCredential = { type: 'api_token'; tokenId: string } | { type: 'oidc'; subject: string | undefined };

export interface AdminCaller {
  org: Org;
  user: User;
  credential: AdminCredential;
  context: CallerContext;
  /** The user the route acts on, read with the caller's records when the route asked for it. */
  target?: { user: User | undefined };
}

/** One message for every rejected credential, so a client learns no more than that it must get a valid token. */
const INVALID = 'The bearer token is invalid, expired or revoked. Send a valid admin token in the Authorization header.';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** RFC 5321's limit on a forward path; the admin API accepts no longer address. */
const MAX_EMAIL_LENGTH = 254;

/**
 * Resolves the caller of an admin route from its bearer token, reading the
 * user and the org on every request: a deleted, suspended or demoted user is
 * refused at their next request, with nothing cached. Admin API tokens
 * (`rat.…`) are checked against their stored hash; any other JWT-shaped value
 * is verified as an OIDC access token when the deployment configures an issuer.
 */
export async function authenticateAdmin(event: APIGatewayProxyEventV2, targetUserId?: string): Promise<AdminCaller> {
  const raw = bearerToken(event.headers.authorization);
  if (!raw) throw new UnauthorizedError('Missing bearer token. Send Authorization: Bearer <admin token>.');
  // Only the API token path prefetches the target user; OIDC callers leave it to the route's own read.
  const resolved = looksLikeJwt(raw) ? await resolveOidcCaller(raw) : await resolveApiTokenCaller(raw, targetUserId);
  const { org, user, credential, target } = resolved;

  if (user.status !== 'active') throw new UnauthorizedError(INVALID);
  if (user.role !== 'admin') throw new ForbiddenError('Only org admins may call this API. Ask an admin of your org to promote you.');

  return {
    org,
    user,
    credential,
    ...(target ? { target } : {}),
    context: { orgId: org.orgId, actor: { type: 'user', userId: user.userId }, channel: 'admin_api', requestId: event.requestContext.requestId },
  };
}

interface ResolvedCaller {
  org: Org;
  user: User;
  credential: AdminCredential;
  target?: { user: User | undefined };
}

async function resolveApiTokenCaller(raw: string, targetUserId: string | undefined): Promise<ResolvedCaller> {
  // SCIM tokens parse too, but only admin API tokens are accepted here.
  const parsed = parseToken(raw);
  if (!parsed || parsed.kind !== 'api' || !parsed.userId) throw new UnauthorizedError(INVALID);

  const { token, user, org, target } = await tokens.loadCaller('api', parsed.orgId, parsed.tokenId, parsed.userId, targetUserId);
  const now = new Date().toISOString();
  if (
    !token ||
    !user ||
    !org ||
    token.userId !== user.userId ||
    !secretMatches(parsed.secret, token.secretHash) ||
    isExpired(token, now) ||
    !isAcceptedBy(token, user)
  ) {
    throw new UnauthorizedError(INVALID);
  }
  return { org, user, credential: { type: 'api_token', tokenId: token.tokenId }, ...(target ? { target } : {}) };
}

/**
 * Verifies the JWT, then finds the user by the email it carries, in the org it
 * names. A token issued before that user was created or last deleted is
 * rejected, so it does not follow its email to a new user or survive a restore.
 */
async function resolveOidcCaller(raw: string): Promise<ResolvedCaller> {
  const settings = oidcSettings();
  if (!settings) throw new UnauthorizedError(INVALID);
  let identity;
  try {
    identity = await verifyOidcToken(raw, settings);
  } catch (error) {
    if (!(error instanceof InvalidOidcTokenError)) throw error;
    logger.debug('OIDC token rejected', { reason: error.reason });
    throw new UnauthorizedError(INVALID);
  }
  // Email items are keyed by the address, so an address that no user could have is rejected before any read.
  if (!ULID.test(identity.orgId) || identity.email.length > MAX_EMAIL_LENGTH) throw new UnauthorizedError(INVALID);

  const [org, user] = await Promise.all([orgs.get(identity.orgId), users.getByEmail(identity.orgId, identity.email)]);
  if (!org || !user || !isJwtAcceptedBy(identity.issuedAt, user)) throw new UnauthorizedError(INVALID);
  return { org, user, credential: { type: 'oidc', subject: identity.subject } };
}
