import type { Context } from 'aws-lambda';
import { DomainError, ValidationError } from '#domain/errors';
import { ScimRequestError } from '#domain/scim/errors';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { withPowertools } from '#commons/middleware';
import { logger } from '#commons/powertools';
import { expectedVersion } from './etag.ts';
import { forwardedProtocol } from './forwarded.ts';
import { readJsonBody } from './parse.ts';
import type { Problem } from './problem.ts';
import { type ErrorFormatter, type HttpEvent, type HttpResponse, type HttpResult, httpErrors } from './route.ts';
import { type ScimCaller, authenticateScim } from './scim-auth.ts';

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimRequest {
  event: HttpEvent;
  context: Context;
  caller: ScimCaller;
  params: Record<string, string>;
  /** Query parameters by lower-cased name, decoded from the raw query string (`%20` and `+` both mean a space). */
  query: Map<string, string>;
  /** Base URL of the SCIM service, for `meta.location`, such as https://api.example.com/scim/v2. */
  baseUrl: string;
  /** The version in If-Match, or undefined without one. */
  ifMatch: number | undefined;
  /** Parses the body as JSON; `application/scim+json` and `application/json` are accepted. */
  body(): unknown;
}

export type ScimHandler = (request: ScimRequest) => Promise<HttpResult>;

/** Maps domain error codes that SCIM gives a `scimType` (RFC 7644 section 3.12). */
const SCIM_TYPES: Record<string, string> = {
  email_taken: 'uniqueness',
  external_id_taken: 'uniqueness',
  group_name_taken: 'uniqueness',
  validation_failed: 'invalidValue',
};

function scimTypeOf(problem: Problem): string | undefined {
  if (problem.code.startsWith('scim_')) return problem.code.slice('scim_'.length);
  return SCIM_TYPES[problem.code];
}

/** Formats errors in the SCIM Error schema, with `status` as a string as RFC 7644 requires. */
const scimErrorFormat: ErrorFormatter = (problem) => {
  const scimType = problem.status < 500 ? scimTypeOf(problem) : undefined;
  const details = problem.errors?.map((issue) => `${issue.field}: ${issue.message}`) ?? [];
  return {
    statusCode: problem.status,
    headers: { 'content-type': SCIM_MEDIA_TYPE, ...(problem.status === 401 ? { 'www-authenticate': 'Bearer realm="roster-scim"' } : {}) },
    body: JSON.stringify({
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(problem.status),
      ...(scimType === undefined ? {} : { scimType }),
      detail: [problem.detail, ...details].join(' '),
    }),
  };
};

function readBody(event: HttpEvent): unknown {
  try {
    return readJsonBody(event, [SCIM_MEDIA_TYPE, 'application/json']);
  } catch (error) {
    if (error instanceof ValidationError) throw new ScimRequestError('invalidSyntax', 'The request body is not valid JSON; send a JSON object.');
    throw error;
  }
}

function queryOf(event: HttpEvent): Map<string, string> {
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) query.set(name.toLowerCase(), value);
  return query;
}

function baseUrlOf(event: HttpEvent): string {
  const protocol = forwardedProtocol(event.headers['x-forwarded-proto']);
  return `${protocol}://${event.requestContext.domainName}/scim/v2`;
}

function toResponse(result: HttpResult): HttpResponse {
  const headers = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
  return { statusCode: result.status, headers: { 'content-type': SCIM_MEDIA_TYPE, ...headers }, body: JSON.stringify(result.body) };
}

/**
 * Names a SCIM operation by its route key without the `/scim/v2` prefix, such
 * as `PATCH /Users/{userId}`: a small fixed set, fit for a metric dimension.
 */
export function operationOf(routeKey: string): string {
  return routeKey.replace(' /scim/v2/', ' /');
}

/**
 * Builds the Lambda handler of a SCIM resource module. `handlers` maps API
 * Gateway route keys (`GET /scim/v2/Users/{userId}`) to functions, so one
 * module serves every operation on a resource. Authenticates the SCIM token,
 * responds in `application/scim+json` and formats errors in the SCIM Error schema.
 * Counts every authenticated request once in `ScimRequests`, by operation.
 */
export function scimRoute(handlers: Record<string, ScimHandler>) {
  return withPowertools<HttpEvent, HttpResponse>(async (event, context) => {
    const caller = await authenticateScim(event);
    logger.appendKeys({ orgId: caller.org.orgId, scimTokenId: caller.tokenId });
    const handle = handlers[event.routeKey];
    if (!handle) throw new Error(`No SCIM handler for route ${event.routeKey}.`);
    countEvent(BUSINESS_METRICS.scimRequests, caller.org.orgId, 1, { operation: operationOf(event.routeKey) });
    let ifMatch: number | undefined;
    try {
      ifMatch = expectedVersion(event.headers['if-match']);
    } catch (error) {
      if (error instanceof DomainError) throw new ScimRequestError('invalidValue', 'The If-Match header is invalid; send the ETag from meta.version unchanged, for example W/"3".');
      throw error;
    }
    const request: ScimRequest = {
      event,
      context,
      caller,
      params: (event.pathParameters ?? {}) as Record<string, string>,
      query: queryOf(event),
      baseUrl: baseUrlOf(event),
      ifMatch,
      body: () => readBody(event),
    };
    return toResponse(await handle(request));
  }).use(httpErrors(scimErrorFormat));
}
