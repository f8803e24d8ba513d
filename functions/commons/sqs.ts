import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { withPowertools } from './middleware.ts';
import { logger } from './powertools.ts';

/**
 * Runs `handle` for one SQS message with the message id as the log
 * correlation id. Keys the handler appends (`orgId`, `userId`,
 * `integration`) are removed afterwards, so they never leak into the next
 * message's entries, and the invocation's correlation id is restored. A
 * failure is logged once here, with those keys, and re-thrown so the batch
 * processor reports the message as failed.
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

/**
 * Builds the handler of an SQS consumer: the shared middleware chain, then
 * Powertools' batch processor with partial batch responses (the event source
 * mapping must enable ReportBatchItemFailures, which the service stack does).
 * Records run one at a time so that each message's log keys stay its own;
 * a consumer that needs parallelism within a batch can call
 * `withMessageContext` itself and accept interleaved entries.
 */
export function sqsConsumer(handleRecord: (record: SQSRecord, context: Context) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return withPowertools<SQSEvent, SQSBatchResponse>(async (event, context) =>
    processPartialResponse(event, (record: SQSRecord) => withMessageContext(record, () => handleRecord(record, context)), processor, {
      context,
      processInParallel: false,
    }),
  );
}
