import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ActivityRecord, ActivityRepository, Call, Deal, StoredRecord } from '#domain/backfill';
import type { Page } from '#domain/ports';
import { tableName } from '#commons/config';
import { orgPk } from './keys.ts';

/**
 * Deals and calls, keyed `DEAL#<ownerId>#<integration>#<externalId>` and
 * `CALL#<ownerId>#<integration>#<externalId>` under the org, so one Query lists
 * a user's records and a repeated backfill overwrites instead of duplicating.
 */
const PREFIX = { deal: 'DEAL#', call: 'CALL#' } as const;
const ownerPrefix = (kind: ActivityRecord['kind'], ownerId: string) => `${PREFIX[kind]}${ownerId}#`;

const WRITE_CONCURRENCY = 10;

export class DynamoActivityRepository implements ActivityRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  async save(records: StoredRecord<ActivityRecord>[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const record = records[next++]!;
        const sk = `${ownerPrefix(record.kind, record.ownerId)}${record.integration}#${record.externalId}`;
        await this.client.send(new PutCommand({ TableName: tableName(), Item: { pk: orgPk(record.orgId), sk, type: record.kind, ...record } }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, records.length) }, worker));
  }

  listDeals(orgId: string, ownerId: string, limit: number, after?: string): Promise<Page<StoredRecord<Deal>>> {
    return this.list<Deal>('deal', orgId, ownerId, limit, after);
  }

  listCalls(orgId: string, ownerId: string, limit: number, after?: string): Promise<Page<StoredRecord<Call>>> {
    return this.list<Call>('call', orgId, ownerId, limit, after);
  }

  /** `after` and `nextKey` are the sort key without the owner prefix: `<integration>#<externalId>`. */
  private async list<T extends ActivityRecord>(kind: T['kind'], orgId: string, ownerId: string, limit: number, after?: string): Promise<Page<StoredRecord<T>>> {
    const prefix = ownerPrefix(kind, ownerId);
    // One item more than asked tells whether another page exists.
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': orgPk(orgId), ':prefix': prefix },
        Limit: limit + 1,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk: orgPk(orgId), sk: `${prefix}${after}` } }),
      }),
    );
    const page = Items.slice(0, limit);
    const items = page.map(({ pk: _pk, sk: _sk, type: _type, ...record }) => record as StoredRecord<T>);
    if (Items.length <= limit) return { items };
    return { items, nextKey: (page.at(-1)!.sk as string).slice(prefix.length) };
  }
}
