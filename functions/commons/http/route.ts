import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { withPowertools } from '#commons/middleware';
import { isUlid } from '#commons/ids';
import { logger } from '#commons/powertools';
import { type AdminCaller, authenticateAdmin } from './auth.ts';
import { idempotencyKey, idempotencyNotSupported, runOnce } from './idempotency.ts';
import { parseWith, readJsonBody } from './parse.ts';
import { type Problem, problemResponse, toProblem } from './problem.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * POST only: a request with an `Idempotency-Key` header runs once and a
   * retry gets the first response. The route table entry must set
   * `idempotency: true` too, so the function may use the idempotency table.
   * Without it, a POST that carries the header is rejected.
   */
  idempotency?: boolean;
  /**
   * Path parameter holding the id of the user the route acts on. The
   * authentication read fetches that user in the same BatchGetItem, as
   * `caller.target`, instead of the route reading it in a second round trip.
   */
  targetUserParam?: string;
}

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  event: HttpEvent;
  context: Context;
}

export interface AdminRequest<P, Q, B> extends RouteRequest<P, Q, B> {
  caller: AdminCaller;
}

/** Formats an error response; the admin API uses problem+json, SCIM its own Error schema. */
export type ErrorFormatter = (problem: Problem, event: HttpEvent) => HttpResponse;

const adminErrorFormat: ErrorFormatter = (problem) =>
  problemResponse(problem, problem.status === 401 ? { 'www-authenticate': 'Bearer realm="roster"' } : {});

/** Turns any error into a response, logging 5xx as errors and 4xx once at info level. */
export function httpErrors(format: ErrorFormatter): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    onError: async (request) => {
      const problem = toProblem(request.error, request.event.requestContext?.requestId);
      if (problem.status >= 500) logger.error('Request failed', { error: request.error as Error, routeKey: request.event.routeKey });
      else logger.info('Request rejected', { status: problem.status, code: problem.code, routeKey: request.event.routeKey });
      request.response = format(problem, request.event);
    },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function toResponse(result: HttpResult): HttpResponse {
  if (result.body === undefined) return { statusCode: result.status, headers: result.headers ?? {}, body: '' };
  return json(result.status, result.body, result.headers);
}

function parseRequest<P, Q, B>(spec: RouteSpec<P, Q, B>, event: HttpEvent): { params: P; query: Q; body: B } {
  const params = spec.params ? parseWith(spec.params, event.pathParameters ?? {}, 'path') : (undefined as P);
  const query = spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}, 'query') : (undefined as Q);
  const body = spec.body ? parseWith(spec.body, readJsonBody(event) ?? {}, 'body') : (undefined as B);
  return { params, query, body };
}

/**
 * Builds the Lambda handler of an admin route. It authenticates the caller
 * against the live user record and adds `orgId` and `callerId` to the log
 * keys (withPowertools has set the API request id as correlation id). Then it
 * parses path, query and body with the zod schemas, runs `handle`, and
 * formats any error as problem+json.
 */
export function adminRoute<P = undefined, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handle: (request: AdminRequest<P, Q, B>) => Promise<HttpResult>,
) {
  const handler = withPowertools<HttpEvent, HttpResponse>(async (event, context) => {
    // An id that is not a ULID is not read here; parsing the path rejects it below.
    const targetUserId = spec.targetUserParam ? event.pathParameters?.[spec.targetUserParam] : undefined;
    const caller = await authenticateAdmin(event, isUlid(targetUserId) ? targetUserId : undefined);
    logger.appendKeys({ orgId: caller.org.orgId, callerId: caller.user.userId });
    const parsed = parseRequest(spec, event);
    const run = () => handle({ ...parsed, event, context, caller });
    const key = event.requestContext.http.method === 'POST' ? idempotencyKey(event.headers) : undefined;
    if (key === undefined) return toResponse(await run());
    if (!spec.idempotency) throw idempotencyNotSupported();
    const scope = { orgId: caller.org.orgId, callerId: caller.user.userId, routeKey: event.routeKey, key };
    // The fingerprint covers path parameters too: one key reused for another user is a different request.
    return toResponse(await runOnce(scope, { params: parsed.params ?? null, body: parsed.body ?? null }, context, run));
  }).use(httpErrors(adminErrorFormat));
  // The spec travels with the handler so tests can derive requests from its schemas.
  return Object.assign(handler, { routeSpec: spec });
}

/** Builds the handler of a route that needs no credentials. */
export function publicRoute<P = undefined, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handle: (request: RouteRequest<P, Q, B>) => Promise<HttpResult>,
) {
  return withPowertools<HttpEvent, HttpResponse>(async (event, context) => {
    const parsed = parseRequest(spec, event);
    return toResponse(await handle({ ...parsed, event, context }));
  }).use(httpErrors(adminErrorFormat));
}
