import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { withPowertools } from './middleware.ts';
import { logger } from './powertools.ts';

/**
 * Runs `handle` for one SQS message with the message id as the log
 * correlation id. Afterwards it clears every key appended with
 * `logger.appendKeys`, such as the handler's `orgId`, `userId` and
 * `integration`, so they do not leak into the next message's entries. Keys
 * appended earlier in the invocation are cleared too, except the correlation
 * id, which is restored. A failure is logged once here, with those keys, and
 * re-thrown so the batch processor reports the message as failed.
 */
export async function withMessageContext<T>(record: Pick<SQSRecord, 'messageId' | 'attributes'>, handle: () => Promise<T>): Promise<T> {
  const invocationCorrelationId = logger.getCorrelationId();
  logger.setCorrelationId(record.messageId);
  logger.appendKeys({ receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) });
  try {
    return await handle();
  } catch (error) {
    logger.error('Message failed', { error: error as Error });
    throw error;
  } finally {
    logger.resetKeys();
    if (invocationCorrelationId !== undefined) logger.setCorrelationId(invocationCorrelationId);
  }
}

export interface SqsConsumerOptions {
  /**
   * When every record of a batch fails, Powertools throws by default, so the
   * whole batch returns to the queue. With false the handler returns every
   * record as a batch item failure instead, which SQS treats the same way
   * without an invocation error in the function's metrics.
   * @default true
   */
  throwOnFullBatchFailure?: boolean;
}

/**
 * Builds the handler of an SQS consumer: the shared middleware chain, then
 * Powertools' batch processor with partial batch responses (the event source
 * mapping must enable ReportBatchItemFailures, which the service stack does).
 * Records run one at a time so that each message's log keys stay its own.
 * `handleRecord` receives the whole record, attributes such as
 * ApproximateReceiveCount included. It appends its own log keys and throws to
 * fail the message, and `withMessageContext` logs that failure once.
 * A consumer that needs parallelism within a batch can call
 * `withMessageContext` itself, but then entries of concurrent messages can
 * carry each other's keys.
 */
export function sqsConsumer(handleRecord: (record: SQSRecord, context: Context) => Promise<void>, options: SqsConsumerOptions = {}) {
  const processor = new BatchProcessor(EventType.SQS);
  return withPowertools<SQSEvent, SQSBatchResponse>(async (event, context) =>
    processPartialResponse(event, (record: SQSRecord) => withMessageContext(record, () => handleRecord(record, context)), processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: options.throwOnFullBatchFailure ?? true,
    }),
  );
}
