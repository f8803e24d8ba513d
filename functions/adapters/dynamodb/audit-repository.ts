import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import type { AuditEntry } from '#domain/audit';
import type { AuditQuery, AuditTrail } from '#domain/audit-trail';
import type { Page } from '#domain/ports';
import { tableName } from '#commons/config';
import { AUDIT_PREFIX, auditSk, orgPk } from './keys.ts';
import { readPage } from './paged-query.ts';

/** Length of a ULID's time part (milliseconds) and of its random part, in Crockford base32 characters. */
const ULID_TIME_LENGTH = 10;
const ULID_RANDOM_LENGTH = 16;

/**
 * Sort-key bounds for a time range. Event ids are ULIDs, whose first ten
 * characters encode the millisecond, so a time range is a BETWEEN on the sort
 * key: the lowest id of the `from` millisecond to the highest of the `to`
 * millisecond. `~` sorts after every base32 character, so an open end
 * reaches the last entry.
 */
export function auditSortKeyRange(from?: string, to?: string): { lower: string; upper: string } {
  const lower = from === undefined ? AUDIT_PREFIX : auditSk(encodeTime(Date.parse(from), ULID_TIME_LENGTH) + '0'.repeat(ULID_RANDOM_LENGTH));
  const upper = to === undefined ? `${AUDIT_PREFIX}~` : auditSk(encodeTime(Date.parse(to), ULID_TIME_LENGTH) + 'Z'.repeat(ULID_RANDOM_LENGTH));
  return { lower, upper };
}

function auditFromItem(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...entry } = item;
  return entry as unknown as AuditEntry;
}

export class DynamoAuditTrail implements AuditTrail {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  /** Queries the org's partition within the time range; target, actor and action are DynamoDB filter expressions on that range. */
  async list(orgId: string, query: AuditQuery): Promise<Page<AuditEntry>> {
    const { lower, upper } = auditSortKeyRange(query.from, query.to);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': orgPk(orgId), ':lower': lower, ':upper': upper };
    const filters: string[] = [];
    if (query.targetUserId !== undefined) {
      Object.assign(names, { '#target': 'target', '#targetType': 'type', '#targetId': 'id' });
      Object.assign(values, { ':targetType': 'user', ':targetId': query.targetUserId });
      filters.push('#target.#targetType = :targetType AND #target.#targetId = :targetId');
    }
    if (query.actorId !== undefined) {
      Object.assign(names, { '#actor': 'actor', '#actorUser': 'userId', '#actorToken': 'tokenId', '#actorName': 'name' });
      values[':actor'] = query.actorId;
      filters.push('(#actor.#actorUser = :actor OR #actor.#actorToken = :actor OR #actor.#actorName = :actor)');
    }
    if (query.action !== undefined) {
      names['#action'] = 'action';
      values[':action'] = query.action;
      filters.push('#action = :action');
    }

    const input = {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: query.order === 'oldest',
      ConsistentRead: true,
    };

    return readPage(this.client, {
      input,
      limit: query.limit,
      ...(query.after ? { startKey: { pk: orgPk(orgId), sk: auditSk(query.after) } } : {}),
      fromItem: auditFromItem,
      positionOf: (entry) => entry.eventId,
      positionOfKey: (key) => (key.sk as string).slice(AUDIT_PREFIX.length),
    });
  }
}
