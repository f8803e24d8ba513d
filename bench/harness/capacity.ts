import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { RecordedCall, TransactionProbe } from './dynamodb-recorder.ts';

/**
 * On-demand prices, us-east-1, Standard table class, in US dollars per
 * million request units, as published on the DynamoDB on-demand pricing page
 * (https://aws.amazon.com/dynamodb/pricing/on-demand/) since the price cut of
 * 1 November 2024. NOTE: read on 2026-12-04 from copies of that page; check
 * the page before budgeting with these figures.
 */
export const PRICES = { writeRequestUnit: 0.625, readRequestUnit: 0.125, region: 'us-east-1', checked: '2026-12-04' };

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Size of a number as DynamoDB counts it: about one byte per two significant digits, plus one. */
function numberSize(value: string): number {
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, item) => sum + utf8(item), 0);
  if (value.NS) return value.NS.reduce((sum, item) => sum + numberSize(item), 0);
  if (value.BS) return value.BS.reduce((sum, item) => sum + item.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, item) => sum + 1 + valueSize(item), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, item]) => sum + 1 + utf8(name) + valueSize(item), 0);
  return 0;
}

/** Item size by DynamoDB's rules: attribute names plus values (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). */
export function itemSize(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

type TransactItem = Record<string, { TableName: string; Key?: Record<string, AttributeValue>; Item?: Record<string, AttributeValue> }>;

function keyOf(operation: { Key?: Record<string, AttributeValue>; Item?: Record<string, AttributeValue> }): Record<string, AttributeValue> {
  if (operation.Key) return operation.Key;
  const { pk, sk } = operation.Item!;
  return { pk: pk!, sk: sk! };
}

/** Reads each item of a TransactWriteItems call with a separate client, so the sizing itself is neither recorded nor counted. */
export function transactionProbe(client: DynamoDBClient): TransactionProbe {
  return async (input) => {
    const items = input.TransactItems as TransactItem[];
    return Promise.all(
      items.map(async (item) => {
        const operation = Object.values(item)[0]!;
        const { Item } = await client.send(new GetItemCommand({ TableName: operation.TableName, Key: keyOf(operation), ConsistentRead: true }));
        return itemSize(Item);
      }),
    );
  };
}

export interface Capacity {
  readUnits: number;
  writeUnits: number;
  /** Origin of the figure: `reported` by DynamoDB Local or computed by `formula`. */
  source: string;
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

/**
 * Computes the capacity of one recorded call. DynamoDB Local's ConsumedCapacity
 * is right for single-item operations, batches and queries but wrong for
 * transactions. So TransactWriteItems uses AWS's formula: each item costs twice
 * the standard write units (1 KB each) of the larger of its sizes before and after the write.
 */
export function capacityOf(call: RecordedCall): Capacity {
  if (call.command === 'TransactWriteItemsCommand') {
    const items = (call.input.TransactItems as TransactItem[]) ?? [];
    const units = items.reduce((sum, item, index) => {
      const operation = Object.values(item)[0]!;
      const proposed = operation.Item ? itemSize(operation.Item) : 0;
      const size = Math.max(call.sizes?.before[index] ?? 0, call.sizes?.after[index] ?? 0, proposed);
      return sum + 2 * Math.max(1, Math.ceil(size / 1024));
    }, 0);
    return { readUnits: 0, writeUnits: units, source: 'formula' };
  }
  const total = (call.consumed ?? []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
  return READS.has(call.command)
    ? { readUnits: total, writeUnits: 0, source: 'reported' }
    : { readUnits: 0, writeUnits: total, source: 'reported' };
}

/** Returns DynamoDB Local's own figure for a call, which the report shows next to the formula for transactions. */
export function reportedUnits(call: RecordedCall): number {
  return (call.consumed ?? []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

export const dollarsPerMillion = (capacity: Pick<Capacity, 'readUnits' | 'writeUnits'>) =>
  capacity.readUnits * PRICES.readRequestUnit + capacity.writeUnits * PRICES.writeRequestUnit;
