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

/** Returns the API Gateway request id of an HTTP API event, or undefined for any other event. */
function apiRequestId(event: unknown): string | undefined {
  const requestId = (event as { requestContext?: { requestId?: unknown } } | null)?.requestContext?.requestId;
  return typeof requestId === 'string' ? requestId : undefined;
}

/**
 * Sets the correlation id of every log entry: the API Gateway request id for
 * HTTP events, which the access log and the client's 500 response also show,
 * else the Lambda request id. Queue consumers narrow it to each message's id
 * with `withMessageContext` (functions/commons/sqs.ts).
 */
function correlationId(): MiddlewareObj {
  return {
    before: async (request) => {
      logger.setCorrelationId(apiRequestId(request.event) ?? request.context.awsRequestId);
    },
  };
}

/**
 * Logs an error that no later middleware turned into a response, once, with
 * the invocation's keys. HTTP routes format errors in `httpErrors`, which logs
 * them itself and sets the response, so they are not logged here again.
 */
function logUnhandledError(): MiddlewareObj {
  return {
    onError: async (request) => {
      if (request.response !== undefined) return;
      logger.error('Invocation failed', { error: request.error as Error });
    },
  };
}

/**
 * The one middleware chain every Roster function starts with: Powertools
 * logger context (keys reset per invocation, events never logged), correlation
 * id, tracing, metrics and the log of an unhandled error. Callers add their own
 * middlewares after these; middy runs `onError` in reverse order, so an error
 * formatter added last runs first.
 */
export function withPowertools<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy<TEvent, TResult>()
    // logEvent: false overrides POWERTOOLS_LOGGER_LOG_EVENT, because a whole event carries the Authorization header and request bodies.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(correlationId())
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(publishMetrics())
    .use(logUnhandledError())
    .handler(handler);
}
