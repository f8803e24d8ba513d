import * as z from 'zod';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { ValidationError } from '#domain/errors';
import { redriveDeadLetters } from '#adapters/sqs/dead-letter-redrive';
import { withPowertools } from '#commons/middleware';
import { logger, tracer } from '#commons/powertools';
import { parseWith } from '#commons/http/parse';
import { QUEUES, deadLetterQueueName, queueUrlVariable } from '../../infra/resources.ts';

/** Time kept back for the batch in flight and the final queue-depth read. */
const RESERVED_MS = 10_000;

// The regional endpoint serves every queue of the region, so the client uses it
// rather than each queue URL's host (the SQS emulator's URLs name a host that
// is not a valid URL host when it listens on 127.0.0.1).
const sqs = tracer.captureAWSv3Client(new SQSClient({ useQueueUrlAsEndpoint: false }));

export const redriveEvent = z
  .object({
    /** Short name of the source queue (as in infra/resources.ts); its dead-letter queue is `<queue>-dlq`. */
    queue: z.string().trim().min(1, 'Must name a queue, for example welcome-email.'),
    maxMessages: z.number('Must be a whole number from 1 to 10000.').int().min(1).max(10_000).default(1000),
    /** Name of the person running this, for the log, because the Lambda console does not record it. */
    operator: z.string().trim().min(1).max(200).default('operator'),
  })
  .strict();

export type RedriveEvent = z.input<typeof redriveEvent>;

function queueUrls(queue: string): { sourceQueueUrl: string; deadLetterQueueUrl: string } {
  const sourceQueueUrl = process.env[queueUrlVariable(queue)];
  const deadLetterQueueUrl = process.env[queueUrlVariable(deadLetterQueueName({ name: queue }))];
  if (sourceQueueUrl && deadLetterQueueUrl) return { sourceQueueUrl, deadLetterQueueUrl };

  const known = QUEUES.map((definition) => definition.name);
  const hint = queue.endsWith('-dlq')
    ? `Name the source queue, not its dead-letter queue: use ${queue.slice(0, -'-dlq'.length)}.`
    : `Use one of: ${known.length > 0 ? known.join(', ') : '(no queues are defined)'}.`;
  throw new ValidationError(`Queue ${queue} is not configured for redrive.`, [{ field: 'queue', message: `Unknown queue ${queue}. ${hint}` }]);
}

/**
 * Operator function: moves messages from a queue's dead-letter queue back to
 * the queue, at most `maxMessages` per run and within the function's timeout.
 * Run it again while `remaining` is above zero and `stoppedBecause` is not `empty`.
 */
export async function redriveQueue(input: RedriveEvent, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const command = parseWith(redriveEvent, input, 'body');
  const { sourceQueueUrl, deadLetterQueueUrl } = queueUrls(command.queue);
  logger.appendKeys({ queue: command.queue, operator: command.operator });
  const result = await redriveDeadLetters(sqs, deadLetterQueueUrl, sourceQueueUrl, {
    maxMessages: command.maxMessages,
    hasTimeLeft: () => context.getRemainingTimeInMillis() > RESERVED_MS,
  });
  logger.info('Dead-letter queue redriven', { ...result });
  return { queue: command.queue, ...result };
}

export const handler = withPowertools(async (event: RedriveEvent, context: Context) => redriveQueue(event, context));
