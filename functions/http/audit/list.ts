import type { AuditEntry } from '#domain/audit';
import { auditTrail } from '#commons/dependencies';
import { decodeCursor, encodeCursor } from '#commons/http/cursor';
import { adminRoute } from '#commons/http/route';
import { type ListAuditEventsQuery, listAuditEventsQuery } from './schemas.ts';

/**
 * Builds the cursor scope from every filter. The cursor is bound to the
 * filters as well as the org, because a position only means something inside
 * the same sort-key range and order. A cursor sent with other filters is
 * rejected as invalid instead of skipping entries.
 */
function cursorScope(query: ListAuditEventsQuery): string {
  return ['audit-events', query.order, query.from ?? '', query.to ?? '', query.userId ?? '', query.actor ?? '', query.action ?? ''].join('|');
}

function auditEventResource(entry: AuditEntry) {
  return {
    id: entry.eventId,
    at: entry.at,
    action: entry.action,
    actor: entry.actor,
    channel: entry.channel,
    target: entry.target,
    changes: entry.changes,
    ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
  };
}

/** Lists the caller's org's audit trail, newest first unless `order=oldest`. */
export const handler = adminRoute({ query: listAuditEventsQuery }, async ({ query, caller }) => {
  const { orgId } = caller.org;
  const scope = cursorScope(query);
  const after = query.cursor ? await decodeCursor(orgId, scope, query.cursor) : undefined;
  const page = await auditTrail.list(orgId, {
    limit: query.limit,
    order: query.order,
    ...(after === undefined ? {} : { after }),
    ...(query.userId === undefined ? {} : { targetUserId: query.userId }),
    ...(query.actor === undefined ? {} : { actorId: query.actor }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  });
  return {
    status: 200,
    body: {
      events: page.items.map(auditEventResource),
      nextCursor: page.nextKey ? await encodeCursor(orgId, scope, page.nextKey) : null,
    },
  };
});
