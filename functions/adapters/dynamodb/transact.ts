import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item plus the error to raise when its condition fails. */
export interface GuardedItem {
  item: TransactItem;
  onConditionFailed?: () => Error;
}

/** Transactions that lose a race with another transaction are retried this many times. */
const CONFLICT_ATTEMPTS = 4;

/**
 * Runs one TransactWriteItems call. When a condition fails, raises the domain
 * error of the first item whose condition failed; retries only on
 * TransactionConflict, which means another transaction held one of the items.
 */
export async function transactWrite(client: DynamoDBDocumentClient, items: GuardedItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items.map((guarded) => guarded.item) }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedIndex = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failedIndex >= 0) {
        const mapped = items[failedIndex]?.onConditionFailed?.();
        if (mapped) throw mapped;
        throw error;
      }
      const conflict = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      await sleep(10 * 2 ** attempt * Math.random());
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
