import * as z from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject } from 'zod-openapi';
import type { HttpMethod, RouteDefinition } from '#functions/routes';
import { problem } from '#functions/http/responses';

/** API Gateway's route key of a /v1 route, for example `GET /v1/users`. */
export type OperationKey = `${HttpMethod} /v1/${string}`;

/** A response a route sends on success, with an example body. */
export interface SuccessResponse {
  description: string;
  /** Schema of the JSON body; omitted for a response without a body (204). */
  schema?: z.ZodType;
  example?: unknown;
  /** Response headers the route always sends, such as ETag and Location. */
  headers?: z.ZodObject;
}

/**
 * Description of one /v1 route in the OpenAPI document. Each feature keeps a
 * map of these next to its schemas, keyed by route key, and the document
 * builder (document.ts) joins them with the route table. The summary comes
 * from the route table. The 400, 401, 403, 413, 415 and 500 responses are
 * added from what the route takes and its auth kind.
 */
export interface RouteOperation {
  operationId: string;
  tags: [string, ...string[]];
  description?: string;
  /** The same zod schemas the handler parses with (`adminRoute({ params, query, body })`). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** Request body; `required: false` when the route also accepts no body at all. */
  body?: { schema: z.ZodType; example: unknown; required?: boolean };
  /** Success responses by status; at least one, each with an example unless it has no body. */
  responses: Record<number, SuccessResponse>;
  /** Route-specific error statuses (404, 409, 412, …) and when they happen; they share the problem+json body. */
  errors?: Record<number, string>;
}

export type OperationMap = Record<OperationKey, RouteOperation>;

/** Request header of the routes that take an ETag for optimistic locking. */
export const ifMatchHeader = z.object({
  'If-Match': z
    .string()
    .optional()
    .meta({
      description:
        'ETag from an earlier response, for example `W/"3"`. The change is made only if the user is still at that version; otherwise 412. Without it, the change is applied to the latest version.',
      example: 'W/"3"',
    }),
});

export const etagHeader = z.string().meta({ description: 'Weak ETag of the user\'s version; send it back in If-Match.', example: 'W/"1"' });

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

function problemResponse(description: string): ZodOpenApiResponseObject {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: problem } } };
}

/** Error responses every route of this shape can send, before its own. */
function standardErrors(route: RouteDefinition, operation: RouteOperation): Record<number, string> {
  const errors: Record<number, string> = {};
  if (operation.params || operation.query || operation.headers || operation.body) {
    errors[400] = 'The request is invalid; `errors` names each invalid field and how to fix it.';
  }
  if (route.auth === 'admin') {
    errors[401] = 'The bearer token is missing, invalid, expired or revoked, or its user is no longer active.';
    errors[403] = 'The caller is not an admin of the org.';
  }
  if (operation.body) {
    errors[413] = 'The request body is larger than 64 KiB.';
    errors[415] = 'The request body is not application/json.';
  }
  if (route.idempotency) {
    errors[409] ??= 'A request with the same Idempotency-Key is still running; retry after it finishes.';
    errors[422] = 'The Idempotency-Key was already used with another path or body; use a new key for a new request.';
  }
  errors[500] = 'The request failed on the server; `detail` gives the request id to report.';
  return errors;
}

const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .meta({ description: 'Makes the POST safe to retry: a retry with the same key and body returns the first response, with Idempotent-Replayed: true.' });

const replayedHeader = z.literal('true').optional().meta({ description: 'Present when this is the stored response to an earlier request with the same Idempotency-Key.' });

function successResponse(response: SuccessResponse, idempotent: boolean): ZodOpenApiResponseObject {
  const headers = idempotent ? (response.headers ?? z.object({})).extend({ 'Idempotent-Replayed': replayedHeader }) : response.headers;
  return {
    description: response.description,
    ...(headers ? { headers } : {}),
    ...(response.schema
      ? { content: { 'application/json': { schema: response.schema, ...(response.example === undefined ? {} : { example: response.example }) } } }
      : {}),
  };
}

/** Converts a route and its description into a zod-openapi operation object. */
export function toOpenApiOperation(route: RouteDefinition, operation: RouteOperation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(operation.responses)) responses[status] = successResponse(response, route.idempotency === true);
  const errors = { ...standardErrors(route, operation), ...operation.errors };
  if (route.idempotency && operation.errors?.[409]) {
    errors[409] = `${operation.errors[409]} With an Idempotency-Key: a request with the same key is still running.`;
  }
  for (const [status, description] of Object.entries(errors)) responses[status] = problemResponse(description);

  const requestParams: NonNullable<ZodOpenApiOperationObject['requestParams']> = {};
  if (operation.params) requestParams.path = operation.params;
  if (operation.query) requestParams.query = operation.query;
  const requestHeaders = route.idempotency ? (operation.headers ?? z.object({})).extend({ 'Idempotency-Key': idempotencyKeyHeader }) : operation.headers;
  if (requestHeaders) requestParams.header = requestHeaders;

  return {
    operationId: operation.operationId,
    summary: route.summary,
    tags: operation.tags,
    ...(operation.description ? { description: operation.description } : {}),
    ...(route.auth === 'public' ? { security: [] } : {}),
    ...(Object.keys(requestParams).length ? { requestParams } : {}),
    ...(operation.body
      ? { requestBody: { required: operation.body.required ?? true, content: { 'application/json': { schema: operation.body.schema, example: operation.body.example } } } }
      : {}),
    responses,
  };
}
