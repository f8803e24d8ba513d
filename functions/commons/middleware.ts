import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './powertools.ts';

/**
 * Publishes the invocation's metrics, and the cold-start metric once per
 * container. Powertools' logMetrics middleware warns on every invocation that
 * adds no metric (most reads), so this one publishes only when there is something.
 */
function publishMetrics(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: async (request) => {
      metrics.captureColdStartMetric(request.context.functionName);
    },
    after: publish,
    onError: publish,
  };
}

/**
 * The one middleware chain every Roster function starts with: Powertools
 * logger context (keys reset per invocation, events never logged), tracing and metrics. Callers add
 * their own middlewares after these; middy runs `onError` in reverse order, so
 * an error formatter added last runs first.
 */
export function withPowertools<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy<TEvent, TResult>()
    // logEvent: false overrides POWERTOOLS_LOGGER_LOG_EVENT, because a whole event carries the Authorization header and request bodies.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(publishMetrics())
    .handler(handler);
}
