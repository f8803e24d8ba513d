import type { AuditEntry } from '#domain/audit';
import { auditRetentionDays, tableName } from '#commons/config';
import { auditSk, orgPk } from './keys.ts';
import type { GuardedItem } from './transact.ts';

const SECONDS_PER_DAY = 86_400;

/** A Put of the audit entry, to join the transaction of the change it records. */
export function auditPut(entry: AuditEntry): GuardedItem {
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + auditRetentionDays() * SECONDS_PER_DAY;
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { pk: orgPk(entry.orgId), sk: auditSk(entry.eventId), type: 'audit', ...entry, ttl: expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}
