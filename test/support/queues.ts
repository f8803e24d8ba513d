import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';

let client: SQSClient | undefined;

/**
 * Waits until every queue of the test stack has no visible and no in-flight
 * message, so the work an accepted request queued (a welcome email, a
 * backfill) has finished before a test compares stored items. Gives up after
 * `timeoutMs` and returns false, so the caller's assertion reports what changed.
 */
export async function waitForQueuesIdle(timeoutMs = 10_000): Promise<boolean> {
  client ??= new SQSClient({});
  const urls = Object.entries(inject('stack').queueUrls)
    .filter(([name]) => !name.endsWith('-dlq'))
    .map(([, url]) => url);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await Promise.all(
      urls.map(async (url) => {
        const { Attributes = {} } = await client!.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        );
        return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      }),
    );
    if (counts.every((count) => count === 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
