import type { Role } from '#domain/user';
import { setRoles } from '#domain/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { adminRoute } from '#commons/http/route';
import { userIdsBody } from '#functions/http/schemas';
import { userResource } from '#functions/http/representations';

/** Builds the handler that promotes or demotes each listed user, with a result per user. */
export function roleChangeHandler(role: Role) {
  return adminRoute({ body: userIdsBody, idempotency: true }, async ({ body, caller }) => {
    const outcomes = await setRoles(userServiceDeps, caller.context, body.userIds, role);
    const updated = outcomes.filter((outcome) => outcome.outcome === 'updated').length;
    countEvent(role === 'admin' ? BUSINESS_METRICS.usersPromoted : BUSINESS_METRICS.usersDemoted, caller.org.orgId, updated);
    return {
      status: 200,
      body: {
        results: outcomes.map((outcome) =>
          outcome.outcome === 'failed'
            ? { userId: outcome.userId, outcome: 'failed', error: { code: outcome.code, detail: outcome.detail } }
            : { userId: outcome.userId, outcome: outcome.outcome, user: userResource(outcome.user) },
        ),
      },
    };
  });
}
