import { describe, expect, it } from 'vitest';
import { apiClient, createTestOrg, issueTokenFor, newUserBody } from '../support/api.ts';
import { GROUP_SCHEMA, createScimOrg, createScimUser, patchOp } from '../scim/client.ts';

const statuses = (responses: { status: number }[]) => responses.map((response) => response.status);
const count = (values: number[], status: number) => values.filter((value) => value === status).length;

async function activeAdmins(orgId: string) {
  const { orgs, users } = await import('../../functions/commons/dependencies.ts');
  const page = await users.list(orgId, { limit: 100, statuses: ['active'], role: 'admin' });
  return { counted: (await orgs.get(orgId))!.activeAdminCount, listed: page.items.length };
}

/** Creates an org with two admins, each with their own token. */
async function twoAdmins() {
  const org = await createTestOrg();
  const second = await org.api.post('/v1/users', newUserBody(`second-${crypto.randomUUID().slice(0, 8)}`, { role: 'admin' }));
  const secondApi = apiClient(await issueTokenFor(org.orgId, second.body.id));
  return { org, firstId: org.adminUserId, secondId: second.body.id as string, firstApi: org.api, secondApi };
}

describe('concurrency', () => {
  it('adds one email once among 50 parallel adds', async () => {
    const { api } = await createTestOrg();
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.post('/v1/users', newUserBody('race'))));
    const codes = statuses(responses);
    expect(count(codes, 201)).toBe(1);
    expect(count(codes, 409)).toBe(49);
    const list = await api.get('/v1/users?limit=100');
    expect(list.body.users.filter((user: { email: string }) => user.email === 'race@example.com')).toHaveLength(1);
  });

  it('keeps an admin when the last two demote each other', async () => {
    for (let round = 0; round < 5; round++) {
      const { org, firstId, secondId, firstApi, secondApi } = await twoAdmins();
      const responses = await Promise.all([
        firstApi.post('/v1/users/demote', { userIds: [secondId] }),
        secondApi.post('/v1/users/demote', { userIds: [firstId] }),
        firstApi.post('/v1/users/demote', { userIds: [firstId, secondId] }),
      ]);
      for (const response of responses) expect([200, 403]).toContain(response.status);
      const admins = await activeAdmins(org.orgId);
      expect(admins.listed).toBe(1);
      expect(admins.counted).toBe(1);
    }
  });

  it('keeps an admin when the last two are deleted at once', async () => {
    for (let round = 0; round < 5; round++) {
      const { org, firstId, secondId, firstApi, secondApi } = await twoAdmins();
      const codes = statuses(
        await Promise.all([
          firstApi.delete(`/v1/users/${secondId}`),
          secondApi.delete(`/v1/users/${firstId}`),
          firstApi.delete(`/v1/users/${firstId}`),
          secondApi.post(`/v1/users/${secondId}/suspend`),
        ]),
      );
      expect(codes.every((code) => [200, 204, 401, 409].includes(code)), codes.join()).toBe(true);
      const admins = await activeAdmins(org.orgId);
      expect(admins.listed).toBe(1);
      expect(admins.counted).toBe(1);
    }
  });

  it('lets one of ten If-Match edits win', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('edited'));
    const etag = created.headers.get('etag')!;
    const codes = statuses(
      await Promise.all(
        Array.from({ length: 10 }, (_, index) => api.patch(`/v1/users/${created.body.id}`, { givenName: `Name${index}` }, { 'if-match': etag })),
      ),
    );
    expect(count(codes, 200)).toBe(1);
    expect(count(codes, 412)).toBe(9);
    const fetched = await api.get(`/v1/users/${created.body.id}`);
    expect(fetched.body.version).toBe(2);
  });

  it('applies 20 parallel edits without If-Match', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('contended'));
    const codes = statuses(
      await Promise.all(Array.from({ length: 20 }, (_, index) => api.patch(`/v1/users/${created.body.id}`, { givenName: `Name${index}` }))),
    );
    expect(codes).toEqual(Array.from({ length: 20 }, () => 200));
    const fetched = await api.get(`/v1/users/${created.body.id}`);
    expect(fetched.body.version).toBe(21);
  });

  it('applies 10 parallel SCIM removals from the admin group', async () => {
    const org = await createScimOrg();
    expect((await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' })).status).toBe(200);
    const members = await Promise.all(Array.from({ length: 10 }, (_, index) => createScimUser(org.scim, `removed-${index}`)));
    const memberIds: string[] = members.map((member) => member.id);
    const group = await org.scim.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Roster Admins',
      members: [org.adminUserId, ...memberIds].map((value) => ({ value })),
    });
    expect(group.status).toBe(201);

    const responses = await Promise.all(
      memberIds.map((id) => org.scim.patch(`/Groups/${group.body.id}`, patchOp({ op: 'remove', path: `members[value eq "${id}"]` }))),
    );
    expect(statuses(responses)).toEqual(memberIds.map(() => 200));
    const stored = await org.scim.get(`/Groups/${group.body.id}`);
    expect(stored.body.members.map((member: { value: string }) => member.value)).toEqual([org.adminUserId]);
    const admins = await activeAdmins(org.orgId);
    expect(admins.listed).toBe(1);
    expect(admins.counted).toBe(1);
  });

  it('rejects a stale If-Match on a group with 412', async () => {
    const org = await createScimOrg();
    const group = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Team' });
    const etag = group.body.meta.version as string;
    expect((await org.scim.patch(`/Groups/${group.body.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Team 2' }))).status).toBe(200);
    const stale = await org.scim.patch(`/Groups/${group.body.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Team 3' }), { 'if-match': etag });
    expect(stale.status).toBe(412);
  });

  it('creates once for ten parallel retries of one key', async () => {
    const { api } = await createTestOrg();
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.post('/v1/users', newUserBody('retried'), headers)));
    const created = responses.filter((response) => response.status === 201);
    // A retry that arrives while the first is still running gets 409 and may retry later; none runs twice.
    expect(responses.every((response) => response.status === 201 || response.body.code === 'idempotency_in_progress')).toBe(true);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    const retry = await api.post('/v1/users', newUserBody('retried'), headers);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(created[0]!.body.id);
    const list = await api.get('/v1/users?limit=100');
    expect(list.body.users.filter((user: { email: string }) => user.email === 'retried@example.com')).toHaveLength(1);
  });
});
