import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** SQS limits a receive and a batch send or delete to ten messages. */
const SQS_BATCH_LIMIT = 10;
/**
 * Seconds a received message stays hidden in the dead-letter queue while it
 * is copied. A message whose send fails reappears after this, so one run never
 * receives it twice.
 */
const RECEIVE_VISIBILITY_SECONDS = 120;

export type RedriveStop = 'empty' | 'limit' | 'time';

export interface RedriveResult {
  moved: number;
  /**
   * Messages left in the dead-letter queue: not sent, or sent but not deleted
   * (those are then in both queues). They reappear after the receive's
   * visibility timeout, for the next run.
   */
  failed: number;
  /** ApproximateNumberOfMessages of the dead-letter queue after the run. */
  remaining: number;
  stoppedBecause: RedriveStop;
}

export interface RedriveOptions {
  maxMessages: number;
  /** Returns false when there is no time left for another batch. */
  hasTimeLeft: () => boolean;
}

/**
 * Moves messages from a dead-letter queue back to its source queue in batches
 * of ten: receive, send the body and message attributes to the source, then
 * delete from the dead-letter queue only what was sent. A crash between send
 * and delete leaves a copy in both queues, so delivery is at least once and
 * consumers must be idempotent, as they already must be for SQS.
 *
 * SQS has StartMessageMoveTask for this, but the SQS emulator used locally
 * (fauxqs 2.4) does not implement it. Copying in this function runs the same
 * way in both places and returns a count.
 */
export async function redriveDeadLetters(client: SQSClient, deadLetterQueueUrl: string, sourceQueueUrl: string, options: RedriveOptions): Promise<RedriveResult> {
  let moved = 0;
  let failed = 0;
  let stoppedBecause: RedriveStop = 'limit';
  while (moved + failed < options.maxMessages) {
    if (!options.hasTimeLeft()) {
      stoppedBecause = 'time';
      break;
    }
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(SQS_BATCH_LIMIT, options.maxMessages - moved - failed),
        // Long polling queries every SQS server, so an empty result means the queue is empty, not that one server had none.
        WaitTimeSeconds: 1,
        VisibilityTimeout: RECEIVE_VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) {
      stoppedBecause = 'empty';
      break;
    }
    const outcome = await moveBatch(client, deadLetterQueueUrl, sourceQueueUrl, Messages);
    moved += outcome.moved;
    failed += outcome.failed;
  }
  return { moved, failed, remaining: await approximateDepth(client, deadLetterQueueUrl), stoppedBecause };
}

async function moveBatch(client: SQSClient, deadLetterQueueUrl: string, sourceQueueUrl: string, messages: Message[]) {
  const sent = await client.send(
    new SendMessageBatchCommand({
      QueueUrl: sourceQueueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        MessageBody: message.Body ?? '',
        ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
      })),
    }),
  );
  const sentMessages = (sent.Successful ?? []).map((entry) => messages[Number(entry.Id)]!);
  if (sentMessages.length === 0) return { moved: 0, failed: messages.length };

  const deleted = await client.send(
    new DeleteMessageBatchCommand({
      QueueUrl: deadLetterQueueUrl,
      Entries: sentMessages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
    }),
  );
  const notDeleted = deleted.Failed?.length ?? 0;
  return { moved: sentMessages.length - notDeleted, failed: messages.length - sentMessages.length + notDeleted };
}

async function approximateDepth(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
