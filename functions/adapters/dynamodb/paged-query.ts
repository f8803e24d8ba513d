import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#domain/ports';
import { tableName } from '#commons/config';
import { orgPk } from './keys.ts';

/** A filtered list reads at most this many DynamoDB pages per request, then returns a short page with a cursor. */
const MAX_QUERY_PAGES_PER_LIST = 5;

export interface PagedQuery<T> {
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  limit: number;
  /** The `ExclusiveStartKey` at which the previous page ended. */
  startKey?: Record<string, unknown>;
  fromItem: (item: Record<string, unknown>) => T;
  /** The cursor position of an item that ends a page. */
  positionOf: (item: T) => string;
  /** The cursor position of the key where reading stopped. */
  positionOfKey: (key: Record<string, unknown>) => string;
}

/**
 * Reads one page of a Query whose filter may discard items. Asks for one item
 * more than `limit` to tell whether another page exists, and stops after a
 * bounded number of DynamoDB pages so a sparse filter cannot make one request
 * read the whole partition.
 */
export async function readPage<T>(client: DynamoDBDocumentClient, query: PagedQuery<T>): Promise<Page<T>> {
  const items: T[] = [];
  let startKey = query.startKey;
  for (let pages = 0; pages < MAX_QUERY_PAGES_PER_LIST; pages++) {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({ ...query.input, Limit: query.limit + 1 - items.length, ExclusiveStartKey: startKey }),
    );
    items.push(...Items.map(query.fromItem));
    if (items.length > query.limit) {
      const page = items.slice(0, query.limit);
      return { items: page, nextKey: query.positionOf(page.at(-1)!) };
    }
    if (!LastEvaluatedKey) return { items };
    startKey = LastEvaluatedKey;
  }
  // Filters discarded most of what was read: return what matched so far and resume from where reading stopped.
  return { items, nextKey: query.positionOfKey(startKey!) };
}

export type PrefixQueryOptions = Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues' | 'ProjectionExpression' | 'ConsistentRead'>;

/**
 * Reads every item of the org's partition whose sort key starts with
 * `prefix`, following LastEvaluatedKey to the end. For reads whose size the
 * org bounds (its users, tokens, groups), not for client-paged lists.
 */
export async function queryAllWithPrefix(client: DynamoDBDocumentClient, orgId: string, prefix: string, options: PrefixQueryOptions = {}): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...options,
        ExpressionAttributeValues: { ':pk': orgPk(orgId), ':prefix': prefix, ...options.ExpressionAttributeValues },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...Items);
    startKey = LastEvaluatedKey;
  } while (startKey);
  return items;
}
