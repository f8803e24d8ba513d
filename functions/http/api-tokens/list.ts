import { summarize } from '#domain/tokens';
import { tokens } from '#commons/dependencies';
import { adminRoute } from '#commons/http/route';

/** Lists the caller's own admin API tokens, without secrets. */
export const handler = adminRoute({}, async ({ caller }) => {
  const records = await tokens.list('api', caller.org.orgId, caller.user.userId);
  return { status: 200, body: { tokens: records.map(summarize) } };
});
