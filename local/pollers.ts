import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionId } from '../functions/routes.ts';
import { WORKERS } from '../functions/workers.ts';
import { QUEUES } from '../infra/resources.ts';
import { loadHandler } from './handlers.ts';
import { lambdaContext } from './lambda-context.ts';

/** How long one ReceiveMessage waits for messages (long polling), in seconds. */
const WAIT_SECONDS = 1;

export interface PollerOptions {
  /** Called after each batch; the local stack prints it, tests ignore it. */
  onBatch?: (line: { handler: string; received: number; failed: number; error?: unknown }) => void;
}

/**
 * Feeds each queue to its consumer the way a Lambda event source mapping
 * with ReportBatchItemFailures does: receive up to the batch size, invoke the
 * handler with an SQS event, delete the messages that did not fail. Failed
 * messages become visible again after the queue's visibility timeout, and the
 * queue's redrive policy moves them to the dead-letter queue after
 * maxReceiveCount receives (fauxqs applies it on receive, as SQS does).
 */
export function startQueuePollers(queueUrls: Record<string, string>, options: PollerOptions = {}): { stop: () => Promise<void> } {
  const client = new SQSClient({});
  let running = true;
  const loops: Promise<void>[] = [];

  for (const worker of WORKERS) {
    if (!worker.consumes) continue;
    const queue = QUEUES.find((definition) => definition.name === worker.consumes);
    const queueUrl = queueUrls[worker.consumes];
    if (!queue || !queueUrl) throw new Error(`Worker ${worker.handler} consumes ${worker.consumes}, which is not a defined queue.`);
    loops.push(pollLoop(worker.handler, queueUrl, queue.batchSize));
  }

  async function pollLoop(handlerName: string, queueUrl: string, batchSize: number): Promise<void> {
    while (running) {
      let messages: Message[] = [];
      try {
        const output = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: WAIT_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = output.Messages ?? [];
      } catch (error) {
        if (!running) return;
        options.onBatch?.({ handler: handlerName, received: 0, failed: 0, error });
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) continue;

      const event: SQSEvent = { Records: messages.map((message) => toRecord(message, queueUrl)) };
      let failedIds = new Set<string>(messages.map((message) => message.MessageId!));
      let error: unknown;
      try {
        const handler = await loadHandler(handlerName);
        const result = (await handler(event, lambdaContext(functionId(handlerName)))) as SQSBatchResponse | undefined;
        failedIds = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      } catch (thrown) {
        // A handler that throws fails the whole batch, as with Lambda.
        error = thrown;
      }
      const succeeded = messages.filter((message) => !failedIds.has(message.MessageId!));
      if (succeeded.length > 0) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
          }),
        );
      }
      options.onBatch?.({ handler: handlerName, received: messages.length, failed: failedIds.size, error });
    }
  }

  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
}

function toRecord(message: Message, queueUrl: string): SQSRecord {
  // Queue URLs end in /<account id>/<queue name>.
  const [accountId = '000000000000', queueName = ''] = new URL(queueUrl).pathname.split('/').slice(-2);
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value.StringValue, dataType: value.DataType ?? 'String', stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:${accountId}:${queueName}`,
    awsRegion: 'us-east-1',
  };
}
