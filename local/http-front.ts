import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTES, type RouteDefinition, functionId, routeKey } from '../functions/routes.ts';
import { loadHandler } from './handlers.ts';
import { lambdaContext } from './lambda-context.ts';

/** API Gateway HTTP APIs reject request bodies above 10 MB. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        names.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** Like API Gateway, a literal segment wins over a parameter: `/v1/users/promote` is not `/v1/users/{userId}`. */
function specificity(route: RouteDefinition): number {
  return route.path.split('/').filter((segment) => !segment.startsWith('{')).length;
}

export interface MatchedRoute {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

export function routeMatcher(routes: RouteDefinition[] = ROUTES) {
  const compiled = [...routes].sort((a, b) => specificity(b) - specificity(a)).map(compile);
  return (method: string, path: string): MatchedRoute | undefined => {
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        pathParameters[name] = safeDecode(match[index + 1]!);
      });
      return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Builds the API Gateway HTTP API payload 2.0 event for a request. */
export function toApiGatewayEvent(
  request: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer; sourceIp: string },
  matched: MatchedRoute,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway adds X-Forwarded-Proto; the local front serves plain HTTP.
  headers['x-forwarded-proto'] ??= 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;

  const isText = request.body.length === 0 || /json|text|xml|form-urlencoded/i.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: routeKey(matched.route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method: request.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: routeKey(matched.route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(request.body.length ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, headers: Record<string, string | number | boolean>, body: Buffer | string) {
  response.writeHead(status, Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])));
  response.end(body);
}

/** Writes a Lambda result the way API Gateway does, including its defaults for results that are not structured. */
function writeResult(response: ServerResponse, result: unknown) {
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result;
  if (!structured) {
    send(response, 200, { 'content-type': 'application/json' }, typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const { statusCode = 200, headers = {}, body = '', isBase64Encoded, cookies } = result as APIGatewayProxyStructuredResultV2;
  const outHeaders: Record<string, string | number | boolean> = { ...headers };
  if (cookies?.length) response.setHeader('set-cookie', cookies);
  send(response, statusCode, outHeaders, isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export interface HttpFrontOptions {
  port: number;
  routes?: RouteDefinition[];
  /** Called once per request with what `npm start` prints. */
  onRequest?: (line: { method: string; path: string; status: number; durationMs: number }) => void;
}

/**
 * A local stand-in for API Gateway: matches the request against the route
 * table, builds the payload 2.0 event, invokes the route's handler module and
 * returns its result unchanged. Listens on 127.0.0.1 only.
 */
export function startHttpFront(options: HttpFrontOptions): Promise<Server> {
  const match = routeMatcher(options.routes);
  const server = createServer(async (request, response) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    let status = 500;
    try {
      const matched = match(method, path);
      if (!matched) {
        status = 404;
        send(response, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
        return;
      }
      const body = await readBody(request);
      if (!body) {
        status = 413;
        send(response, 413, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Entity Too Large' }));
        return;
      }
      const event = toApiGatewayEvent(
        { method, url: request.url ?? '/', headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
        matched,
      );
      const handler = await loadHandler(matched.route.handler);
      const result = await handler(event, lambdaContext(functionId(matched.route.handler)));
      status = (result as { statusCode?: number })?.statusCode ?? 200;
      writeResult(response, result);
    } catch (error) {
      // API Gateway returns this body for a failed invocation. The error itself is only in the function's log.
      status = 500;
      console.error(`Handler for ${method} ${path} threw:`, error);
      if (!response.headersSent) send(response, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    } finally {
      options.onRequest?.({ method, path, status, durationMs: performance.now() - started });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `Port ${options.port} for the API is already in use. Set PORT to another port.` : error.message)),
    );
    server.listen({ port: options.port, host: '127.0.0.1' }, () => resolve(server));
  });
}
