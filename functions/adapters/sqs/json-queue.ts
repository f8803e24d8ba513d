import { type SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

/** Sends JSON messages to one SQS queue. */
export class SqsJsonQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Sends `body` as one message and returns its SQS message id. Errors are the SDK's, after its own retries. */
  async send(body: unknown): Promise<string> {
    const output = await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
    return output.MessageId ?? '';
  }
}
