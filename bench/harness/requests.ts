import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadHandler } from '../../local/handlers.ts';
import { routeMatcher, toApiGatewayEvent } from '../../local/http-front.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { functionId } from '../../functions/routes.ts';

/** One HTTP request to a Roster route. */
export interface BenchRequest {
  method: string;
  /** Path with query string. */
  path: string;
  token: string;
  body?: unknown;
  contentType?: string;
}

export interface BenchResponse {
  status: number;
  body: any;
}

function headersOf(request: BenchRequest): Record<string, string> {
  return {
    authorization: `Bearer ${request.token}`,
    ...(request.body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Sends the request through the HTTP front, as a client over loopback would. */
export async function sendHttp(apiUrl: string, request: BenchRequest): Promise<BenchResponse> {
  const response = await fetch(`${apiUrl}${request.path}`, {
    method: request.method,
    headers: headersOf(request),
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  return { status: response.status, body: parse(await response.text()) };
}

const match = routeMatcher();

/** A request turned into the API Gateway event and the handler that serves it, ready to invoke in this process. */
export interface PreparedInvocation {
  handlerModule: string;
  event: APIGatewayProxyEventV2;
  invoke(): Promise<BenchResponse>;
}

/**
 * Builds the API Gateway payload 2.0 event the HTTP front would build, so
 * the timed part is the handler alone: what a warm Lambda container runs.
 */
export async function prepareInvocation(request: BenchRequest): Promise<PreparedInvocation> {
  const url = new URL(request.path, 'http://127.0.0.1');
  const matched = match(request.method, url.pathname);
  if (!matched) throw new Error(`No route matches ${request.method} ${url.pathname}.`);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  const event = toApiGatewayEvent(
    { method: request.method, url: request.path, headers: { host: '127.0.0.1', ...headersOf(request) }, body, sourceIp: '127.0.0.1' },
    matched,
  );
  const handler = await loadHandler(matched.route.handler);
  const context = lambdaContext(functionId(matched.route.handler));
  return {
    handlerModule: matched.route.handler,
    event,
    async invoke() {
      const result = (await handler(event, context)) as { statusCode?: number; body?: string };
      return { status: result.statusCode ?? 200, body: parse(result.body ?? '') };
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight, in order of start. */
export async function forEachConcurrent<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
