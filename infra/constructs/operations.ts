import { WORKERS } from '../../functions/workers.ts';
import { queueUrlVariable } from '../resources.ts';
import type { ServiceContext } from '../stacks/service-stack.ts';

/**
 * Gives each redrive function (a worker flagged `redrivesQueues`) every queue pair: the URLs as environment
 * variables, receive and delete on each dead-letter queue and send on each
 * source queue. It iterates the queues of the context, so a queue added to
 * infra/resources.ts later can be redriven without a change here.
 */
export function addOperations(context: ServiceContext): void {
  for (const worker of WORKERS.filter((definition) => definition.redrivesQueues)) grantRedrive(context, worker.handler);
}

function grantRedrive(context: ServiceContext, handler: string): void {
  const redrive = context.functions.get(handler)!;
  for (const [name, { queue, deadLetterQueue }] of context.queues) {
    redrive.addEnvironment(queueUrlVariable(name), queue.queueUrl);
    // The map lists each dead-letter queue under its own name too, as its own dead-letter queue; those entries only add the URL.
    if (queue === deadLetterQueue) continue;
    deadLetterQueue.grantConsumeMessages(redrive);
    queue.grantSendMessages(redrive);
  }
}
