import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import fc from 'fast-check';
import * as z from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDefinition, routeKey } from '../../functions/routes.ts';
import type { RouteSpec } from '../../functions/commons/http/route.ts';
import { MAX_BODY_BYTES } from '../../functions/commons/http/parse.ts';
import { type TestOrg, apiClient, createTestOrg, newUserBody } from '../support/api.ts';
import { waitForQueuesIdle } from '../support/queues.ts';
import { snapshotOrg } from './victim.ts';

/** Cases per route; with about 20 routes this keeps the file near half a minute on 2 cores. */
const RUNS_PER_ROUTE = Number(process.env.ROSTER_FUZZ_RUNS ?? 30);
const ULID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  maxLength?: number;
};

/** Ids of the fuzzed org that generated requests may name; the caller's own admin and token are never among them. */
interface Targets {
  memberId: string;
  spareTokenId: string;
}

const deepNesting = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Strings an attacker tries: huge, control characters, homoglyph and unicode emails, injection payloads, malformed cursors. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0007b',
    'line\nbreak',
    '\u202eevil',
    'x'.repeat(5_000),
    'аdmin@example.com',
    'admin@exаmple.com',
    'ADMIN@EXAMPLE.COM',
    'admin@example.com\u0000',
    'admin+tag@example.com',
    'ü@example.com',
    '用户@例子.广告',
    '"quoted"@example.com',
    'a@b',
    '@example.com',
    'admin@example.com, other@example.com',
    "' OR 1=1 --",
    '${jndi:ldap://127.0.0.1/a}',
    '{{constructor.constructor("return 1")()}}',
    '__proto__',
    'ORG#01ARZ3NDEKTSV4RRFFQ69G5FAV',
    'USER#01ARZ3NDEKTSV4RRFFQ69G5FAV',
    '../../etc/passwd',
    '%00',
    'AAAA.BBBB',
    'eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAA',
    '!!!.???',
    '.',
    'W/"1"',
    '"99999999999999999999"',
    'NaN',
    '-1',
    '1e309',
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant({ __proto__: null, role: 'admin' }),
);

function validish(schema: JsonSchema, name: string, targets: Targets): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => validish(option, name, targets)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'null') return fc.constant(null);
  if (schema.type === 'integer' || schema.type === 'number') return fc.integer({ min: -5, max: 150 });
  if (schema.type === 'array') return fc.array(validish(schema.items ?? {}, name, targets), { minLength: 0, maxLength: 3 });
  if (schema.type === 'object') return objectFrom(schema, targets);
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.pattern?.includes('0-9A-HJKMNP-TV-Z')) return fc.constantFrom(targets.memberId, ULID);
  if (/email/i.test(name)) return fc.emailAddress().map((address) => address.slice(0, schema.maxLength ?? 254));
  return fc.string({ minLength: 1, maxLength: 30 });
}

/** Builds objects with the schema's properties, each valid or hostile, sometimes missing, sometimes with extra keys. */
function objectFrom(schema: JsonSchema, targets: Targets): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const entries = Object.entries(properties).map(([name, property]) => [name, fc.oneof(validish(property, name, targets), hostileValue)] as const);
  return fc
    .tuple(
      fc.record(Object.fromEntries(entries), { requiredKeys: [] }),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('constructor', 'prototype', 'toString', 'role')), hostileValue, { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([known, extra, withExtra]) => (withExtra ? { ...extra, ...known } : known));
}

function jsonSchemaOf(schema: z.ZodType | undefined): JsonSchema | undefined {
  return schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined;
}

/** Raw body text: JSON from the schema, a prototype-polluting variant, malformed JSON, deep nesting or an oversized body. */
function bodyText(schema: JsonSchema | undefined, targets: Targets): fc.Arbitrary<string | undefined> {
  const shaped = schema ? objectFrom(schema, targets) : fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 4 });
  const json = shaped.map((value) => JSON.stringify(value));
  return fc.oneof(
    { weight: 6, arbitrary: json },
    {
      weight: 2,
      arbitrary: fc
        .tuple(json, fc.constantFrom('__proto__', 'constructor'), fc.constantFrom('{"role":"admin"}', '{"prototype":{"isAdmin":true}}', '[]', 'null'))
        .map(([text, key, value]) => (text.startsWith('{') && text !== '{}' ? `{"${key}":${value},${text.slice(1)}` : `{"${key}":${value}}`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        '',
        'null',
        '[]',
        '"string"',
        '42',
        '{"email": ',
        '{"a":1,"a":2}',
        '\u0000',
        deepNesting(5_000),
        `{"email":${deepNesting(3_000)}}`,
        JSON.stringify({ givenName: 'x'.repeat(MAX_BODY_BYTES + 10) }),
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** SCIM filters (RFC 7644, section 3.4.2.2) that try to break out of the expression or the org. */
const scimFilter = fc.oneof(
  fc.constantFrom(
    'userName eq "a" or userName pr',
    'userName eq "a\" or \"1\" eq \"1"',
    'userName sw ""',
    'id pr',
    'emails[type eq "work" and value co "@"]',
    'meta.lastModified gt "2000-01-01T00:00:00Z"',
    '(((((((((((userName pr))))))))))',
    'userName eq',
    'not (userName pr)',
    'userName eq "ORG#01ARZ3NDEKTSV4RRFFQ69G5FAV"',
    'x'.repeat(5_000),
  ),
  fc.tuple(fc.constantFrom('userName', 'id', 'externalId', 'displayName', 'members.value'), fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'pr', 'zz'), hostileString).map(
    ([attribute, operator, value]) => `${attribute} ${operator} ${JSON.stringify(value)}`,
  ),
);

function queryFrom(schema: JsonSchema | undefined, targets: Targets, route: RouteDefinition): fc.Arbitrary<Record<string, string>> {
  const known =
    schema ? objectFrom(schema, targets)
    : route.path.startsWith('/scim/') && route.method === 'GET' ? fc.record({ filter: scimFilter, startIndex: hostileString, count: hostileString }, { requiredKeys: [] })
    : fc.constant({});
  const malformedCursor = fc.oneof(
    fc.base64String({ maxLength: 60 }),
    fc.base64String({ maxLength: 40 }).map((payload) => `${payload}.${'A'.repeat(22)}`),
    fc.string({ maxLength: 40 }).map((text) => `${Buffer.from(text).toString('base64url')}.sig`),
    hostileString,
  );
  return fc.tuple(known, fc.option(malformedCursor, { nil: undefined })).map(([values, cursor]) => {
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) query[name] = typeof value === 'string' ? value : JSON.stringify(value);
    if (cursor !== undefined && (schema?.properties?.cursor || Math.random() < 0.2)) query.cursor = cursor;
    return query;
  });
}

/** Header values fetch can send: visible ASCII and spaces. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 300 }),
  fc.constantFrom('W/"1"', '"1"', '*', 'W/"abc"', 'text/plain', 'application/json; charset=utf-8', 'application/xml', 'multipart/form-data'),
);

const headersArbitrary = fc.record(
  {
    'if-match': headerValue,
    // Mostly JSON, so that most bodies reach the schema instead of stopping at 415.
    'content-type': fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: headerValue }),
    'idempotency-key': headerValue,
    'x-forwarded-for': headerValue,
  },
  { requiredKeys: [] },
);

function pathFor(route: RouteDefinition, targets: Targets): fc.Arbitrary<string> {
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]!);
  if (names.length === 0) return fc.constant(route.path);
  const valueFor = (name: string) =>
    fc.oneof(
      fc.constant(name === 'tokenId' ? targets.spareTokenId : targets.memberId),
      fc.constant(ULID),
      hostileString.filter((value) => value.length > 0 && value.length < 2_000),
    );
  return fc.tuple(...names.map(valueFor)).map((values) => {
    let path = route.path;
    names.forEach((name, index) => (path = path.replace(new RegExp(`\\{${name}\\+?\\}`), encodeURIComponent(String(values[index])))));
    return path;
  });
}

async function scimTokenFor(orgId: string): Promise<string> {
  const { createToken } = await import('../../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');
  const { token } = await createToken(tokenServiceDeps, { orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' }, { kind: 'scim', name: 'fuzz' });
  return token;
}

async function routeSpecOf(route: RouteDefinition): Promise<RouteSpec<unknown, unknown, unknown> | undefined> {
  const module = (await import(pathToFileURL(join(import.meta.dirname, '..', '..', 'functions', `${route.handler}.ts`)).href)) as {
    handler?: { routeSpec?: RouteSpec<unknown, unknown, unknown> };
  };
  return module.handler?.routeSpec;
}

const summary = { cases: 0, byStatus: new Map<number, number>() };

afterAll(() => {
  const statuses = [...summary.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
  console.log(`hostile input: ${summary.cases} cases over ${ROUTES.length} routes (${statuses})`);
});

describe('hostile input', () => {
  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s: no 5xx, no partial write', async (_key, route) => {
    const org: TestOrg = await createTestOrg();
    // No welcome email: the mailer would record it asynchronously and look like a write by the rejected request.
    const member = await org.api.post('/v1/users', newUserBody(`fuzz-${crypto.randomUUID().slice(0, 8)}`, { sendWelcomeEmail: false }));
    const spare = await org.api.post('/v1/api-tokens', { name: 'spare' });
    const targets: Targets = { memberId: member.body.id, spareTokenId: spare.body.tokenId };
    const spec = await routeSpecOf(route);
    let token: string | undefined = org.adminToken;
    if (route.auth === 'public') token = undefined;
    if (route.auth === 'scim') token = await scimTokenFor(org.orgId);

    const request = fc.record({
      path: pathFor(route, targets),
      query: queryFrom(jsonSchemaOf(spec?.query), targets, route),
      body: route.method === 'GET' || route.method === 'DELETE' ? fc.constant(undefined) : bodyText(jsonSchemaOf(spec?.body), targets),
      headers: headersArbitrary,
    });

    await fc.assert(
      fc.asyncProperty(request, async ({ path, query, body, headers }) => {
        // An earlier accepted case may have queued work (a welcome email) whose consumer writes to the org later.
        await waitForQueuesIdle();
        const before = await snapshotOrg(org.orgId);
        const search = Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
        const response = await apiClient(token).call(route.method, `${path}${search}`, body, headers);
        summary.cases++;
        summary.byStatus.set(response.status, (summary.byStatus.get(response.status) ?? 0) + 1);

        expect(response.status, response.text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(await snapshotOrg(org.orgId), 'a rejected request changed the org').toBe(before);
        }
        // A path that URL normalization turns into no route ('.', '..') gets API Gateway's own 404, before any handler.
        const gatewayNotFound = response.status === 404 && response.body?.message === 'Not Found';
        if (response.status >= 400 && spec && !gatewayNotFound) {
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          expect(response.body.detail.length).toBeGreaterThan(0);
          if ([400, 413, 415, 422].includes(response.status)) {
            expect(response.body.errors.length, response.text).toBeGreaterThan(0);
            for (const issue of response.body.errors) {
              expect(issue.field.length, response.text).toBeGreaterThan(0);
              expect(issue.message.length, response.text).toBeGreaterThan(0);
            }
          }
        }
      }),
      { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );

    // The org still works for its admin: no input locked the caller out.
    expect((await org.api.get('/v1/settings')).status).toBe(200);
  });
});
