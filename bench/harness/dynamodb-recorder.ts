import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HandlerExecutionContext } from '@smithy/types';

/** One DynamoDB call a handler made, as it went over the wire. */
export interface RecordedCall {
  /** Low-level command name, for example `TransactWriteItemsCommand`. */
  command: string;
  /** The marshalled input, as sent (without ReturnConsumedCapacity). */
  input: Record<string, unknown>;
  /** Request sent to response headers received, in milliseconds. */
  wireMs: number;
  consumed?: ConsumedCapacity[];
  failed?: boolean;
  /** For transactions, read by the cost section: item sizes in bytes before and after the write, by item index. */
  sizes?: { before: number[]; after: number[] };
}

/** Commands that accept ReturnConsumedCapacity. */
const REPORTS_CAPACITY = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

const CALL = Symbol('benchRecordedCall');
type RecordingContext = HandlerExecutionContext & { [CALL]?: RecordedCall };

export interface Recorder {
  /** Runs `work` and returns the DynamoDB calls made while it ran. Recordings must not overlap. */
  record<T>(work: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }>;
  /** Adds ReturnConsumedCapacity=TOTAL to every call while on. */
  setReturnConsumedCapacity(on: boolean): void;
  /** Called before and after each TransactWriteItems while recording, to size its items (the cost section's hook). */
  setTransactionProbe(probe: TransactionProbe | undefined): void;
}

export type TransactionProbe = (input: Record<string, unknown>, phase: 'before' | 'after') => Promise<number[]>;

/**
 * Adds two middlewares to the handlers' shared DynamoDB client, at bench time
 * only: one records each call with its consumed capacity, one just above the
 * HTTP handler times the round trip. Handler code is unchanged.
 */
export function installRecorder(client: DynamoDBClient): Recorder {
  let current: RecordedCall[] | undefined;
  let returnCapacity = false;
  let probe: TransactionProbe | undefined;

  client.middlewareStack.add(
    (next, context: RecordingContext) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const call: RecordedCall = { command, input: {}, wireMs: 0 };
      context[CALL] = call;
      if (returnCapacity && REPORTS_CAPACITY.has(command)) args = { ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' } };
      const recording = current;
      try {
        const output = await next(args);
        call.consumed = consumedOf((output.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        return output;
      } catch (error) {
        call.failed = true;
        throw error;
      } finally {
        recording?.push(call);
      }
    },
    { step: 'initialize', priority: 'low', name: 'benchRecordCall' },
  );

  client.middlewareStack.add(
    (next, context: RecordingContext) => async (args) => {
      const call = context[CALL];
      // Here the document client has marshalled the input: this is what goes over the wire.
      const { ReturnConsumedCapacity: _added, ...sent } = args.input as Record<string, unknown>;
      if (call) call.input = sent;
      const sizing = call && current && probe && call.command === 'TransactWriteItemsCommand' ? probe : undefined;
      const before = sizing ? await sizing(sent, 'before').catch(() => []) : [];
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        if (call) call.wireMs = performance.now() - started;
        if (call && sizing) call.sizes = { before, after: await sizing(sent, 'after').catch(() => []) };
      }
    },
    { step: 'deserialize', priority: 'low', name: 'benchTimeRoundTrip' },
  );

  return {
    async record(work) {
      if (current) throw new Error('Recordings must not overlap: one request at a time.');
      const calls: RecordedCall[] = [];
      current = calls;
      try {
        const result = await work();
        return { result, calls };
      } finally {
        current = undefined;
      }
    },
    setReturnConsumedCapacity(on) {
      returnCapacity = on;
    },
    setTransactionProbe(next) {
      probe = next;
    },
  };
}

function consumedOf(value: unknown): ConsumedCapacity[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as ConsumedCapacity[]) : [value as ConsumedCapacity];
}
