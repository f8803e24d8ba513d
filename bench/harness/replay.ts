import * as dynamodbCommands from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RecordedCall } from './dynamodb-recorder.ts';

type Input = Record<string, any>;

const EXPRESSION_FIELDS = ['UpdateExpression', 'KeyConditionExpression', 'FilterExpression', 'ProjectionExpression', 'ConditionExpression'];

/** Drops the ExpressionAttributeNames and Values that no remaining expression uses; DynamoDB rejects unused ones. */
function pruneUnused(operation: Input): Input {
  const text = EXPRESSION_FIELDS.map((field) => operation[field] ?? '').join(' ');
  const used = new Set(text.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const result: Input = { ...operation };
  for (const field of ['ExpressionAttributeNames', 'ExpressionAttributeValues']) {
    if (!result[field]) continue;
    const kept = Object.fromEntries(Object.entries(result[field] as Input).filter(([token]) => used.has(token)));
    if (Object.keys(kept).length) result[field] = kept;
    else delete result[field];
  }
  return result;
}

function withoutCondition(operation: Input): Input {
  const { ConditionExpression: _dropped, ...rest } = operation;
  return pruneUnused(rest);
}

/**
 * Turns a recorded call into one that succeeds when sent again: the route
 * already made its conditional writes, so their conditions (version, not
 * exists) would now fail. Conditions are dropped and the write is repeated
 * as is; ConditionCheck items, which write nothing, are left out. Reads are
 * sent unchanged.
 */
export function replayInput(call: RecordedCall): Input {
  const input = call.input as Input;
  switch (call.command) {
    case 'PutItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return withoutCondition(input);
    case 'TransactWriteItemsCommand': {
      // The SDK filled in an idempotency token; the same token with other items is an error, so the replay gets a new one.
      const { ClientRequestToken: _token, ...rest } = input;
      return {
        ...rest,
        TransactItems: (input.TransactItems as Input[])
          .filter((item) => !item.ConditionCheck)
          .map((item) => Object.fromEntries(Object.entries(item).map(([kind, operation]) => [kind, withoutCondition(operation as Input)]))),
      };
    }
    default:
      return input;
  }
}

/** Sends the calls of one request again, one after another as the route made them, and returns the total time in milliseconds. */
export async function replayCalls(client: DynamoDBClient, calls: RecordedCall[]): Promise<number> {
  let total = 0;
  for (const call of calls) {
    const Command = (dynamodbCommands as unknown as Record<string, new (input: Input) => any>)[call.command];
    if (!Command) throw new Error(`Cannot replay ${call.command}: no such command in @aws-sdk/client-dynamodb.`);
    const command = new Command(replayInput(call));
    const started = performance.now();
    try {
      await client.send(command);
    } catch (error) {
      throw new Error(`Replaying ${call.command} failed: ${(error as Error).message}\n${JSON.stringify(replayInput(call))}`, { cause: error });
    }
    total += performance.now() - started;
  }
  return total;
}

/**
 * Describes the calls of a request, `BatchGetItem, TransactWriteItems(3), PutItem ×4`:
 * the item count of each transaction, and runs of the same call counted.
 */
export function describeCalls(calls: RecordedCall[]): string {
  if (calls.length === 0) return 'none';
  const names = calls.map((call) => {
    const name = call.command.replace(/Command$/, '');
    const items = (call.input as Input).TransactItems as unknown[] | undefined;
    return items ? `${name}(${items.length})` : name;
  });
  const runs: { name: string; count: number }[] = [];
  for (const name of names) {
    const last = runs.at(-1);
    if (last?.name === name) last.count++;
    else runs.push({ name, count: 1 });
  }
  return runs.map((run) => (run.count === 1 ? run.name : `${run.name} ×${run.count}`)).join(', ');
}
