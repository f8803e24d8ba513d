import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isExcluded, openApiDocument } from '../../functions/http/openapi/document.ts';
import { ROUTES, type RouteDefinition } from '../../functions/routes.ts';
import { routeMatcher } from '../../local/http-front.ts';

/** What the test client received, as the validator needs it. */
export interface ReceivedResponse {
  method: string;
  /** Request path without the query string. */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

type OpenApiDocument = ReturnType<typeof openApiDocument>;

interface DocumentedResponse {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: unknown }>;
}

// ajv-formats is CommonJS, so under Node's ESM loader its callable export is `default`.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const DOCUMENT_ID = 'roster-openapi.json';

/** JSON Pointer escaping of one path segment (RFC 6901). */
const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks responses against the OpenAPI document: the route must be described
 * (unless its path is excluded on purpose), the status must be documented,
 * and the media type, required headers and body must match.
 */
export function openApiValidator(document: OpenApiDocument = openApiDocument(), routes: RouteDefinition[] = ROUTES) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  const compiled = new Map<string, ValidateFunction>();
  const match = routeMatcher(routes);

  const schemaAt = (path: string[]) => {
    const ref = `${DOCUMENT_ID}#/${path.map(pointer).join('/')}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };

  /** Returns the reasons the response does not match its description; empty when it matches or is not described on purpose. */
  return function problemsWith(response: ReceivedResponse): string[] {
    const matched = match(response.method, response.path);
    // No route matched, so API Gateway (or the local front) sent this response, not a handler.
    if (!matched) return [];
    const { route } = matched;
    if (isExcluded(route.path)) return [];

    const where = `${route.method} ${route.path} → ${response.status}`;
    const method = route.method.toLowerCase();
    const operation = (document.paths?.[route.path] as Record<string, { responses: Record<string, DocumentedResponse> }> | undefined)?.[method];
    if (!operation) return [`${route.method} ${route.path} is not in the OpenAPI document: describe it in its feature's operations map.`];
    const documented = operation.responses[String(response.status)];
    if (!documented) return [`${where}: status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')}).`];

    const problems: string[] = [];
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      if (header.required && !response.headers.has(name)) problems.push(`${where}: required header ${name} is missing.`);
    }
    const mediaTypes = Object.keys(documented.content ?? {});
    if (mediaTypes.length === 0) {
      if (response.text !== '') problems.push(`${where}: documented without a body, but the response has one.`);
      return problems;
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!mediaTypes.includes(contentType)) {
      problems.push(`${where}: content-type "${contentType}" is not one of ${mediaTypes.join(', ')}.`);
      return problems;
    }
    const validate = schemaAt(['paths', route.path, method, 'responses', String(response.status), 'content', contentType, 'schema']);
    if (!validate(response.body)) {
      for (const error of validate.errors ?? []) problems.push(`${where}: body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
    }
    return problems;
  };
}

export type ResponseCheck = (response: ReceivedResponse) => void;

/** Builds a check that throws when a response drifts from the document. */
export function openApiCheck(validator: ReturnType<typeof openApiValidator>): ResponseCheck {
  return (response) => {
    const problems = validator(response);
    if (problems.length > 0) throw new Error(`Response does not match the OpenAPI document:\n- ${problems.join('\n- ')}`);
  };
}

let shared: ResponseCheck | undefined;

/** Throws when a response drifts from the OpenAPI document of the current code; the test client runs it on every response. */
export const assertMatchesOpenApi: ResponseCheck = (response) => {
  shared ??= openApiCheck(openApiValidator());
  shared(response);
};
