import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type RouteDefinition, routeKey } from '../../functions/routes.ts';
import { type TestOrg, createTestOrg, newUserBody } from '../support/api.ts';

/** Org B of the isolation tests: the org whose data an attacker in org A must never reach. */
export interface Victim {
  org: TestOrg;
  memberId: string;
  memberEmail: string;
  adminTokenId: string;
  scimTokenId: string;
  /** A `nextCursor` from B's user list. */
  cursor: string;
  /** Strings that only B's data contains; none may appear in a response to A unless A sent it. */
  markers: string[];
}

/** Creates org B with a member, a second user, an admin API token and a SCIM token, each with a unique name. */
export async function createVictim(): Promise<Victim> {
  // Without welcome emails, so the background mailer cannot change org B between two snapshots.
  const org = await createTestOrg({ welcomeEmailsDefault: false });
  const tag = crypto.randomUUID().slice(0, 8);
  // No welcome emails: the mailer would record them while the test compares B's items before and after.
  const quiet = { sendWelcomeEmail: false };
  const member = await org.api.post('/v1/users', newUserBody(`victim-${tag}`, { ...quiet, givenName: `VictimGiven${tag}`, familyName: `VictimFamily${tag}` }));
  await org.api.post('/v1/users', newUserBody(`victim2-${tag}`, { ...quiet, givenName: `VictimSecond${tag}` }));
  const token = await org.api.post('/v1/api-tokens', { name: `victim-token-${tag}` });
  const { createToken } = await import('../../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');
  const scim = await createToken(
    tokenServiceDeps,
    { orgId: org.orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' },
    { kind: 'scim', name: `victim-scim-${tag}` },
  );
  const page = await org.api.get('/v1/users?limit=1');
  return {
    org,
    memberId: member.body.id,
    memberEmail: member.body.email,
    adminTokenId: token.body.tokenId,
    scimTokenId: scim.record.tokenId,
    cursor: page.body.nextCursor,
    markers: [org.orgId, org.adminUserId, member.body.id, `VictimGiven${tag}`, `VictimFamily${tag}`, `VictimSecond${tag}`, `victim2-${tag}`, `victim-token-${tag}`, `victim-scim-${tag}`, token.body.tokenId, scim.record.tokenId],
  };
}

/** Reads every item of an org's partition, strongly consistent, into a comparable string. */
export async function snapshotOrg(orgId: string): Promise<string> {
  const { documentClient } = await import('../../functions/commons/clients.ts');
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: process.env.ROSTER_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ORG#${orgId}` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return JSON.stringify(items, (_key, value) => (value instanceof Set ? [...value].sort() : value));
}

export interface SampleRequest {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * `not_found`: the request names B's resource and must get 403 or 404.
   * `own_org`: the request acts on A's own org and must show nothing of B.
   * `cursor_rejected`: B's cursor must get 400 naming `cursor`.
   * `each_not_found`: a bulk request whose every item must fail as not found.
   */
  expect: 'not_found' | 'own_org' | 'cursor_rejected' | 'each_not_found';
}

type SampleBuilder = (victim: Victim) => SampleRequest[];

const SCIM_USER = (victim: Victim) => `/scim/v2/Users/${victim.memberId}`;

/**
 * Requests of an attacker in org A that aim at org B, per route key. Routes
 * not listed here are built from their sample event under events/ instead.
 */
export const SAMPLES: Record<string, SampleBuilder> = {
  'GET /v1/users': (victim) => [
    { path: '/v1/users', expect: 'own_org' },
    { path: '/v1/users', query: { cursor: victim.cursor }, expect: 'cursor_rejected' },
  ],
  'POST /v1/users': (victim) => [{ path: '/v1/users', body: newUserBody(victim.memberEmail.split('@')[0]!), expect: 'own_org' }],
  'GET /v1/users/{userId}': (victim) => [{ path: `/v1/users/${victim.memberId}`, expect: 'not_found' }],
  'PATCH /v1/users/{userId}': (victim) => [{ path: `/v1/users/${victim.memberId}`, body: { givenName: 'Taken' }, expect: 'not_found' }],
  'DELETE /v1/users/{userId}': (victim) => [{ path: `/v1/users/${victim.memberId}`, expect: 'not_found' }],
  'POST /v1/users/promote': (victim) => [{ path: '/v1/users/promote', body: { userIds: [victim.memberId] }, expect: 'each_not_found' }],
  'POST /v1/users/demote': (victim) => [{ path: '/v1/users/demote', body: { userIds: [victim.org.adminUserId] }, expect: 'each_not_found' }],
  'POST /v1/users/{userId}/suspend': (victim) => [{ path: `/v1/users/${victim.memberId}/suspend`, expect: 'not_found' }],
  'POST /v1/users/{userId}/reactivate': (victim) => [{ path: `/v1/users/${victim.memberId}/reactivate`, expect: 'not_found' }],
  'POST /v1/users/{userId}/restore': (victim) => [{ path: `/v1/users/${victim.memberId}/restore`, expect: 'not_found' }],
  'GET /v1/settings': () => [{ path: '/v1/settings', expect: 'own_org' }],
  'PATCH /v1/settings': () => [{ path: '/v1/settings', body: { welcomeEmailsDefault: false }, expect: 'own_org' }],
  'POST /v1/api-tokens': () => [{ path: '/v1/api-tokens', body: { name: 'attacker' }, expect: 'own_org' }],
  'GET /v1/api-tokens': () => [{ path: '/v1/api-tokens', expect: 'own_org' }],
  'DELETE /v1/api-tokens/{tokenId}': (victim) => [{ path: `/v1/api-tokens/${victim.adminTokenId}`, expect: 'not_found' }],
  'DELETE /v1/scim-tokens/{tokenId}': (victim) => [{ path: `/v1/scim-tokens/${victim.scimTokenId}`, expect: 'not_found' }],
  'GET /scim/v2/Users': (victim) => [
    { path: '/scim/v2/Users', query: { filter: `userName eq "${victim.memberEmail}"` }, expect: 'own_org' },
    { path: '/scim/v2/Users', query: { filter: `id eq "${victim.memberId}"` }, expect: 'own_org' },
    { path: '/scim/v2/Users', query: { filter: `userName eq "x" or userName pr` }, expect: 'own_org' },
  ],
  'GET /scim/v2/Users/{userId}': (victim) => [{ path: SCIM_USER(victim), expect: 'not_found' }],
  'DELETE /scim/v2/Users/{userId}': (victim) => [{ path: SCIM_USER(victim), expect: 'not_found' }],
  'PATCH /scim/v2/Users/{userId}': (victim) => [
    {
      path: SCIM_USER(victim),
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] },
      expect: 'not_found',
    },
  ],
  'POST /scim/v2/Users': (victim) => [
    { path: '/scim/v2/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: victim.memberEmail, id: victim.memberId }, expect: 'own_org' },
  ],
  'GET /scim/v2/Groups': (victim) => [{ path: '/scim/v2/Groups', query: { filter: `members.value eq "${victim.memberId}"` }, expect: 'own_org' }],
  'POST /scim/v2/Groups': (victim) => [
    { path: '/scim/v2/Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Taken', members: [{ value: victim.memberId }] }, expect: 'own_org' },
  ],
  // NOTE: org B has no SCIM groups yet, so these name one of B's user ids; a group of B's would be the stronger target.
  'GET /scim/v2/Groups/{groupId}': (victim) => [{ path: `/scim/v2/Groups/${victim.memberId}`, expect: 'not_found' }],
  'PUT /scim/v2/Groups/{groupId}': (victim) => [
    { path: `/scim/v2/Groups/${victim.memberId}`, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Taken' }, expect: 'not_found' },
  ],
  'PATCH /scim/v2/Groups/{groupId}': (victim) => [
    {
      path: `/scim/v2/Groups/${victim.memberId}`,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: victim.memberId }] }] },
      expect: 'not_found',
    },
  ],
  'DELETE /scim/v2/Groups/{groupId}': (victim) => [{ path: `/scim/v2/Groups/${victim.memberId}`, expect: 'not_found' }],
  'GET /scim/v2/ServiceProviderConfig': () => [{ path: '/scim/v2/ServiceProviderConfig', expect: 'own_org' }],
  'GET /scim/v2/ResourceTypes': () => [{ path: '/scim/v2/ResourceTypes', expect: 'own_org' }],
  'GET /scim/v2/ResourceTypes/{resourceTypeId}': () => [{ path: '/scim/v2/ResourceTypes/User', expect: 'own_org' }],
  'GET /scim/v2/Schemas': () => [{ path: '/scim/v2/Schemas', expect: 'own_org' }],
  'GET /scim/v2/Schemas/{schemaId}': () => [{ path: `/scim/v2/Schemas/${encodeURIComponent('urn:ietf:params:scim:schemas:core:2.0:User')}`, expect: 'own_org' }],
  'POST /v1/scim-tokens': () => [{ path: '/v1/scim-tokens', body: { name: 'attacker' }, expect: 'own_org' }],
  'GET /v1/scim-tokens': () => [{ path: '/v1/scim-tokens', expect: 'own_org' }],
  'GET /v1/integrations': () => [{ path: '/v1/integrations', expect: 'own_org' }],
  'PUT /v1/integrations/{integration}': () => [{ path: '/v1/integrations/salesforce', body: {}, expect: 'own_org' }],
  'DELETE /v1/integrations/{integration}': () => [{ path: '/v1/integrations/salesforce', expect: 'own_org' }],
  'POST /v1/integrations/{integration}/backfill': (victim) => [{ path: '/v1/integrations/salesforce/backfill', body: { userIds: [victim.memberId] }, expect: 'own_org' }],
  'GET /v1/users/{userId}/sync': (victim) => [{ path: `/v1/users/${victim.memberId}/sync`, expect: 'not_found' }],
  'GET /v1/users/{userId}/calls': (victim) => [{ path: `/v1/users/${victim.memberId}/calls`, expect: 'not_found' }],
  'GET /v1/deals': (victim) => [{ path: '/v1/deals', query: { ownerId: victim.memberId }, expect: 'not_found' }],
  'POST /v1/users/{userId}/welcome-email': (victim) => [{ path: `/v1/users/${victim.memberId}/welcome-email`, expect: 'not_found' }],
  'GET /v1/audit-events': (victim) => [
    { path: '/v1/audit-events', expect: 'own_org' },
    { path: '/v1/audit-events', query: { userId: victim.memberId }, expect: 'own_org' },
  ],
  'GET /v1/openapi.json': () => [{ path: '/v1/openapi.json', expect: 'own_org' }],
  'PUT /scim/v2/Users/{userId}': (victim) => [
    {
      path: SCIM_USER(victim),
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: victim.memberEmail, active: false, name: { givenName: 'Taken', familyName: 'Over' } },
      expect: 'not_found',
    },
  ],
};

/** Values that stand for path parameters of B's resources, by parameter name. */
function victimParameters(route: RouteDefinition, victim: Victim): Record<string, string> | undefined {
  const values: Record<string, string> = {
    userId: victim.memberId,
    tokenId: route.path.includes('scim-tokens') ? victim.scimTokenId : victim.adminTokenId,
    integration: 'salesforce',
    resourceTypeId: 'User',
    schemaId: 'urn:ietf:params:scim:schemas:core:2.0:User',
  };
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]!);
  if (names.some((name) => !(name in values))) return undefined;
  return values;
}

interface SampleEvent {
  routeKey: string;
  body?: string;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
}

let events: Promise<SampleEvent[]> | undefined;

async function loadEvents(): Promise<SampleEvent[]> {
  const root = join(import.meta.dirname, '..', '..', 'events');
  const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.json'));
  const parsed = await Promise.all(files.map(async (file) => JSON.parse(await readFile(join(root, file), 'utf8')) as SampleEvent));
  return parsed.filter((event) => typeof event.routeKey === 'string');
}

/**
 * Builds the attack requests for a route: from {@link SAMPLES}, else from the
 * route's sample event with every example id replaced by B's id for that
 * parameter. Returns undefined when neither exists, so the caller can fail.
 */
export async function samplesFor(route: RouteDefinition, victim: Victim): Promise<SampleRequest[] | undefined> {
  const builder = SAMPLES[routeKey(route)];
  if (builder) return builder(victim);

  events ??= loadEvents();
  const event = (await events).find((candidate) => candidate.routeKey === routeKey(route));
  const parameters = victimParameters(route, victim);
  if (!event || !parameters) return undefined;

  let path = route.path;
  let body = event.body ?? '';
  for (const [name, example] of Object.entries(event.pathParameters ?? {})) {
    const value = parameters[name]!;
    path = path.replace(new RegExp(`\\{${name}\\+?\\}`), encodeURIComponent(value));
    body = body.replaceAll(example, value);
  }
  // Parameters that name no org's data (an integration, a SCIM schema) leave the request acting on A's own org.
  const namesB = Object.keys(event.pathParameters ?? {}).filter((name) => !['integration', 'resourceTypeId', 'schemaId'].includes(name));
  return [
    {
      path,
      ...(event.queryStringParameters ? { query: event.queryStringParameters } : {}),
      ...(body ? { body: JSON.parse(body) } : {}),
      expect: namesB.length > 0 ? 'not_found' : 'own_org',
    },
  ];
}
