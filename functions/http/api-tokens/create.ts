import { createToken } from '#domain/token-service';
import { summarize } from '#domain/tokens';
import { tokenServiceDeps } from '#commons/dependencies';
import { adminRoute } from '#commons/http/route';
import { apiTokenBody } from '#functions/http/schemas';

/** Creates an admin API token for the caller. The token is in this response only. */
export const handler = adminRoute({ body: apiTokenBody }, async ({ body, caller }) => {
  const { record, token } = await createToken(tokenServiceDeps, caller.context, {
    kind: 'api',
    name: body.name,
    userId: caller.user.userId,
    ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}),
  });
  return { status: 201, headers: { location: `/v1/api-tokens/${record.tokenId}` }, body: { ...summarize(record), token } };
});
