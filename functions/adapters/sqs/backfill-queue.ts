import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BackfillQueue, BackfillRequest } from '#domain/backfill';
import type { Integration } from '#domain/integrations';
import { requireEnv } from '#commons/config';
import { tracer } from '#commons/powertools';
import { queueUrlVariable } from '../../../infra/resources.ts';

/** Short name of an integration's backfill queue in infra/resources.ts; its dead-letter queue adds `-dlq`. */
export const backfillQueueName = (integration: Integration) => `backfill-${integration}`;

/** SendMessageBatch accepts at most 10 entries. */
const SQS_BATCH_LIMIT = 10;

let client: SQSClient | undefined;

export class SqsBackfillQueue implements BackfillQueue {
  constructor(private readonly sqs: SQSClient = (client ??= tracer.captureAWSv3Client(new SQSClient({})))) {}

  async send(integration: Integration, requests: BackfillRequest[]): Promise<BackfillRequest[]> {
    const queueUrl = requireEnv(queueUrlVariable(backfillQueueName(integration)));
    const rejected: BackfillRequest[] = [];
    for (let start = 0; start < requests.length; start += SQS_BATCH_LIMIT) {
      const batch = requests.slice(start, start + SQS_BATCH_LIMIT);
      const { Failed = [] } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((request, index) => ({ Id: String(index), MessageBody: JSON.stringify(request) })),
        }),
      );
      for (const failure of Failed) rejected.push(batch[Number(failure.Id)]!);
    }
    return rejected;
  }
}
