import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CallerContext } from '#domain/audit';
import { ForbiddenError, UnauthorizedError } from '#domain/errors';
import type { Org } from '#domain/org';
import { isExpired } from '#domain/tokens';
import type { User } from '#domain/user';
import { tokens } from '#commons/dependencies';
import { bearerToken, parseToken, secretMatches } from '#commons/tokens';

export interface AdminCaller {
  org: Org;
  user: User;
  tokenId: string;
  context: CallerContext;
  /** The user the route acts on, read with the caller's records when the route asked for it. */
  target?: { user: User | undefined };
}

/** One message for every rejected credential, so a client learns no more than that it must get a valid token. */
const INVALID = 'The bearer token is invalid, expired or revoked. Send a valid admin token in the Authorization header.';

/**
 * Resolves the caller of an admin route from its bearer token, reading the
 * token, the user and the org on every request: a deleted, suspended or
 * demoted user is refused at their next request, with nothing cached.
 */
export async function authenticateAdmin(event: APIGatewayProxyEventV2, targetUserId?: string): Promise<AdminCaller> {
  const raw = bearerToken(event.headers.authorization);
  if (!raw) throw new UnauthorizedError('Missing bearer token. Send Authorization: Bearer <admin token>.');
  const parsed = parseToken(raw);
  if (!parsed || parsed.kind !== 'api' || !parsed.userId) throw new UnauthorizedError(INVALID);

  const { token, user, org, target } = await tokens.loadCaller('api', parsed.orgId, parsed.tokenId, parsed.userId, targetUserId);
  const now = new Date().toISOString();
  if (!token || !user || !org || token.userId !== user.userId || !secretMatches(parsed.secret, token.secretHash) || isExpired(token, now)) {
    throw new UnauthorizedError(INVALID);
  }
  if (user.status !== 'active') throw new UnauthorizedError(INVALID);
  if (user.role !== 'admin') throw new ForbiddenError('Only org admins may call this API. Ask an admin of your org to promote you.');

  return {
    org,
    user,
    tokenId: token.tokenId,
    ...(target ? { target } : {}),
    context: { orgId: org.orgId, actor: { type: 'user', userId: user.userId }, channel: 'admin_api', requestId: event.requestContext.requestId },
  };
}
