import { ROUTES } from '../../functions/routes.ts';
import type { BenchOrg } from '../harness/orgs.ts';
import { type BenchRequest, forEachConcurrent, sendHttp } from '../harness/requests.ts';

/**
 * How to exercise one route: `prepare` builds `count` requests, each sent
 * once, creating whatever they act on (users to delete, tokens to revoke)
 * beforehand so that setup is never timed.
 */
export interface Scenario {
  /** Route key with parameter names blanked, `PATCH /v1/users/{}`, matched against ROUTES. */
  route: string;
  /** Row label when a route has more than one scenario. */
  label?: string;
  auth: 'admin' | 'scim';
  prepare(env: ScenarioEnv, count: number): Promise<BenchRequest[]>;
}

export interface ScenarioEnv {
  apiUrl: string;
  org: BenchOrg;
  /** SCIM token of the org; present when the SCIM routes are. */
  scimToken?: string;
  /** Users created once for read scenarios. */
  seededUserIds: string[];
}

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

export const normalizeRoute = (method: string, path: string) => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`;

/** Route keys in ROUTES, normalized, with the auth kind of each. */
export function presentRoutes(): Map<string, 'admin' | 'scim' | 'public'> {
  return new Map(ROUTES.map((route) => [normalizeRoute(route.method, route.path), route.auth]));
}

let uniqueCounter = 0;
export const unique = () => `${Date.now().toString(36)}${(uniqueCounter++).toString(36)}`;

export const newUserBody = (suffix = unique()) => ({
  email: `bench-${suffix}@example.com`,
  givenName: 'Bench',
  familyName: `User ${suffix}`,
  sendWelcomeEmail: false,
});

export const scimUserBody = (suffix = unique()) => ({
  schemas: [SCIM_USER_SCHEMA],
  userName: `scim-${suffix}@example.com`,
  externalId: `ext-${suffix}`,
  active: true,
  name: { givenName: 'Scim', familyName: `User ${suffix}` },
  emails: [{ value: `scim-${suffix}@example.com`, type: 'work', primary: true }],
});

async function expectOk(apiUrl: string, request: BenchRequest): Promise<any> {
  const response = await sendHttp(apiUrl, request);
  if (response.status >= 300) {
    throw new Error(`Setup request ${request.method} ${request.path} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Adds `count` users through the admin API and returns their ids. */
export async function addUsers(env: Pick<ScenarioEnv, 'apiUrl' | 'org'>, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = new Array(count);
  await forEachConcurrent([...Array(count).keys()], concurrency, async (index) => {
    const body = await expectOk(env.apiUrl, { method: 'POST', path: '/v1/users', token: env.org.adminToken, body: newUserBody() });
    ids[index] = body.id;
  });
  return ids;
}

async function addUsersThen(env: ScenarioEnv, count: number, action: string): Promise<string[]> {
  const ids = await addUsers(env, count);
  await forEachConcurrent(ids, 8, async (id) => {
    await expectOk(env.apiUrl, { method: 'POST', path: action.replace('{}', id), token: env.org.adminToken, ...(action.includes('{}') ? {} : { body: { userIds: [id] } }) });
  });
  return ids;
}

const admin = (env: ScenarioEnv, method: string, path: string, body?: unknown): BenchRequest => ({
  method,
  path,
  token: env.org.adminToken,
  ...(body === undefined ? {} : { body }),
});

const times = <T>(count: number, make: (index: number) => T) => Array.from({ length: count }, (_, index) => make(index));
const seeded = (env: ScenarioEnv, index: number) => env.seededUserIds[index % env.seededUserIds.length]!;

const ADMIN_SCENARIOS: Scenario[] = [
  { route: 'GET /v1/users', label: 'GET /v1/users (page of 50)', auth: 'admin', prepare: async (env, count) => times(count, () => admin(env, 'GET', '/v1/users')) },
  { route: 'POST /v1/users', auth: 'admin', prepare: async (env, count) => times(count, () => admin(env, 'POST', '/v1/users', newUserBody())) },
  { route: 'GET /v1/users/{}', auth: 'admin', prepare: async (env, count) => times(count, (i) => admin(env, 'GET', `/v1/users/${seeded(env, i)}`)) },
  {
    route: 'PATCH /v1/users/{}',
    label: 'PATCH /v1/users/{userId} (name)',
    auth: 'admin',
    prepare: async (env, count) => {
      const ids = await addUsers(env, count);
      return ids.map((id) => admin(env, 'PATCH', `/v1/users/${id}`, { givenName: `Renamed ${unique()}` }));
    },
  },
  {
    route: 'PATCH /v1/users/{}',
    label: 'PATCH /v1/users/{userId} (email)',
    auth: 'admin',
    prepare: async (env, count) => {
      const ids = await addUsers(env, count);
      return ids.map((id) => admin(env, 'PATCH', `/v1/users/${id}`, { email: `moved-${unique()}@example.com` }));
    },
  },
  {
    route: 'DELETE /v1/users/{}',
    auth: 'admin',
    prepare: async (env, count) => (await addUsers(env, count)).map((id) => admin(env, 'DELETE', `/v1/users/${id}`)),
  },
  {
    route: 'POST /v1/users/promote',
    label: 'POST /v1/users/promote (1 user)',
    auth: 'admin',
    prepare: async (env, count) => (await addUsers(env, count)).map((id) => admin(env, 'POST', '/v1/users/promote', { userIds: [id] })),
  },
  {
    route: 'POST /v1/users/demote',
    label: 'POST /v1/users/demote (1 user)',
    auth: 'admin',
    prepare: async (env, count) => (await addUsersThen(env, count, '/v1/users/promote')).map((id) => admin(env, 'POST', '/v1/users/demote', { userIds: [id] })),
  },
  {
    route: 'POST /v1/users/{}/suspend',
    auth: 'admin',
    prepare: async (env, count) => (await addUsers(env, count)).map((id) => admin(env, 'POST', `/v1/users/${id}/suspend`)),
  },
  {
    route: 'POST /v1/users/{}/reactivate',
    auth: 'admin',
    prepare: async (env, count) => (await addUsersThen(env, count, '/v1/users/{}/suspend')).map((id) => admin(env, 'POST', `/v1/users/${id}/reactivate`)),
  },
  {
    route: 'POST /v1/users/{}/restore',
    auth: 'admin',
    prepare: async (env, count) => {
      const ids = await addUsers(env, count);
      await forEachConcurrent(ids, 8, async (id) => {
        await expectOk(env.apiUrl, admin(env, 'DELETE', `/v1/users/${id}`));
      });
      return ids.map((id) => admin(env, 'POST', `/v1/users/${id}/restore`));
    },
  },
  { route: 'GET /v1/settings', auth: 'admin', prepare: async (env, count) => times(count, () => admin(env, 'GET', '/v1/settings')) },
  {
    route: 'PATCH /v1/settings',
    auth: 'admin',
    prepare: async (env, count) => times(count, (i) => admin(env, 'PATCH', '/v1/settings', { welcomeEmailsDefault: i % 2 === 0 })),
  },
  { route: 'POST /v1/api-tokens', auth: 'admin', prepare: async (env, count) => times(count, () => admin(env, 'POST', '/v1/api-tokens', { name: `bench ${unique()}` })) },
  { route: 'GET /v1/api-tokens', auth: 'admin', prepare: async (env, count) => times(count, () => admin(env, 'GET', '/v1/api-tokens')) },
  {
    route: 'DELETE /v1/api-tokens/{}',
    auth: 'admin',
    prepare: async (env, count) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await expectOk(env.apiUrl, admin(env, 'POST', '/v1/api-tokens', { name: `bench ${unique()}` }))).tokenId);
      return ids.map((id) => admin(env, 'DELETE', `/v1/api-tokens/${id}`));
    },
  },
];

const scim = (env: ScenarioEnv, method: string, path: string, body?: unknown): BenchRequest => ({
  method,
  path,
  token: env.scimToken!,
  ...(body === undefined ? {} : { body, contentType: SCIM_CONTENT_TYPE }),
});

/** Creates `count` users through SCIM and returns their SCIM ids and userNames. */
export async function addScimUsers(env: ScenarioEnv, count: number): Promise<{ id: string; userName: string }[]> {
  const users: { id: string; userName: string }[] = new Array(count);
  await forEachConcurrent([...Array(count).keys()], 8, async (index) => {
    const body = await expectOk(env.apiUrl, scim(env, 'POST', '/scim/v2/Users', scimUserBody()));
    users[index] = { id: body.id, userName: body.userName };
  });
  return users;
}

/** SCIM 2.0 requests as RFC 7644 defines them; they run only when the SCIM routes are in ROUTES. */
const SCIM_SCENARIOS: Scenario[] = [
  { route: 'POST /scim/v2/Users', auth: 'scim', prepare: async (env, count) => times(count, () => scim(env, 'POST', '/scim/v2/Users', scimUserBody())) },
  {
    route: 'GET /scim/v2/Users',
    label: 'GET /scim/v2/Users?filter=userName eq',
    auth: 'scim',
    prepare: async (env, count) => {
      const users = await addScimUsers(env, Math.min(count, 20));
      return times(count, (i) => scim(env, 'GET', `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${users[i % users.length]!.userName}"`)}`));
    },
  },
  {
    route: 'GET /scim/v2/Users/{}',
    auth: 'scim',
    prepare: async (env, count) => {
      const users = await addScimUsers(env, Math.min(count, 20));
      return times(count, (i) => scim(env, 'GET', `/scim/v2/Users/${users[i % users.length]!.id}`));
    },
  },
  {
    route: 'PATCH /scim/v2/Users/{}',
    label: 'PATCH /scim/v2/Users/{id} (replace name)',
    auth: 'scim',
    prepare: async (env, count) =>
      (await addScimUsers(env, count)).map((user) =>
        scim(env, 'PATCH', `/scim/v2/Users/${user.id}`, {
          schemas: [SCIM_PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'name.givenName', value: `Renamed ${unique()}` }],
        }),
      ),
  },
  {
    route: 'PUT /scim/v2/Users/{}',
    auth: 'scim',
    prepare: async (env, count) =>
      (await addScimUsers(env, count)).map((user) => {
        const body = scimUserBody();
        return scim(env, 'PUT', `/scim/v2/Users/${user.id}`, { ...body, userName: user.userName, emails: [{ value: user.userName, type: 'work', primary: true }] });
      }),
  },
  {
    route: 'DELETE /scim/v2/Users/{}',
    auth: 'scim',
    prepare: async (env, count) => (await addScimUsers(env, count)).map((user) => scim(env, 'DELETE', `/scim/v2/Users/${user.id}`)),
  },
  {
    route: 'POST /scim/v2/Groups',
    auth: 'scim',
    prepare: async (env, count) => times(count, () => scim(env, 'POST', '/scim/v2/Groups', { schemas: [SCIM_GROUP_SCHEMA], displayName: `Bench ${unique()}` })),
  },
  {
    route: 'PATCH /scim/v2/Groups/{}',
    label: 'PATCH /scim/v2/Groups/{id} (add 1 member)',
    auth: 'scim',
    prepare: async (env, count) => {
      const users = await addScimUsers(env, count);
      const group = await expectOk(env.apiUrl, scim(env, 'POST', '/scim/v2/Groups', { schemas: [SCIM_GROUP_SCHEMA], displayName: `Bench ${unique()}` }));
      return users.map((user) =>
        scim(env, 'PATCH', `/scim/v2/Groups/${group.id}`, { schemas: [SCIM_PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] }),
      );
    },
  },
];

export const SCENARIOS: Scenario[] = [...ADMIN_SCENARIOS, ...SCIM_SCENARIOS];

export const scenarioLabel = (scenario: Scenario) => scenario.label ?? scenario.route.replace('{}', '{id}');

/** Whether `--routes` selects the scenario; no filter selects all. */
export const selected = (scenario: Scenario, routes: string[]) => routes.length === 0 || routes.some((part) => scenarioLabel(scenario).includes(part));
