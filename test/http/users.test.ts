import { describe, expect, it } from 'vitest';
import { apiClient, createTestOrg, issueTokenFor, newUserBody } from '../support/api.ts';

describe('POST /v1/users', () => {
  it('adds a user with Need Sync for connected integrations', async () => {
    const { api } = await createTestOrg({ integrations: ['salesforce', 'gong'] });
    const response = await api.post('/v1/users', newUserBody('ann'));
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/v1/users/${response.body.id}`);
    expect(response.body).toMatchObject({ email: 'ann@example.com', role: 'member', status: 'active', needsSync: ['salesforce', 'gong'] });
  });

  it('rejects a second user with the same email, ignoring case', async () => {
    const { api } = await createTestOrg();
    await api.post('/v1/users', newUserBody('bo'));
    const duplicate = await api.post('/v1/users', { ...newUserBody('bo'), email: '  BO@example.com ' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toBe('application/problem+json');
    expect(duplicate.body.detail).toContain('BO@example.com');
  });

  it('allows the same email in another org', async () => {
    const first = await createTestOrg();
    const second = await createTestOrg();
    expect((await first.api.post('/v1/users', newUserBody('shared'))).status).toBe(201);
    expect((await second.api.post('/v1/users', newUserBody('shared'))).status).toBe(201);
  });

  it('names every invalid field', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users', { email: 'not-an-email', givenName: '', role: 'owner', extra: true });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((issue: { field: string }) => issue.field).sort();
    expect(fields).toEqual(['email', 'extra', 'familyName', 'givenName', 'role']);
  });

  it('rejects invalid JSON without writing', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users', '{"email": ');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'body', message: 'Invalid JSON: send a JSON object.' }]);
    const list = await api.get('/v1/users');
    expect(list.body.users).toHaveLength(1);
  });
});

describe('authentication', () => {
  it('rejects a missing token with 401', async () => {
    const response = await apiClient(undefined).get('/v1/users');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('rejects a forged token with 401', async () => {
    const { adminToken } = await createTestOrg();
    const forged = adminToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await apiClient(forged).get('/v1/users')).status).toBe(401);
  });
});

describe('GET /v1/users', () => {
  it('pages through users in a stable order', async () => {
    const { api } = await createTestOrg();
    for (const name of ['a1', 'a2', 'a3', 'a4']) await api.post('/v1/users', newUserBody(name));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/v1/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.users.map((user: { email: string }) => user.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('rejects a cursor from another org', async () => {
    const first = await createTestOrg();
    const second = await createTestOrg();
    for (const name of ['c1', 'c2']) await first.api.post('/v1/users', newUserBody(name));
    const page = await first.api.get('/v1/users?limit=1');
    const foreign = await second.api.get(`/v1/users?cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('cursor');
  });

  it('filters by role and Need Sync', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await api.post('/v1/users', newUserBody('m1'));
    const admins = await api.get('/v1/users?role=admin');
    expect(admins.body.users.map((user: { role: string }) => user.role)).toEqual(['admin']);
    const needing = await api.get('/v1/users?needsSync=true');
    expect(needing.body.users).toEqual([]);
  });

  it('rejects a limit above 100', async () => {
    const { api } = await createTestOrg();
    const response = await api.get('/v1/users?limit=101');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('limit');
  });
});

describe('PATCH /v1/users/{userId}', () => {
  it('marks Need Sync again when the email changes', async () => {
    const { api } = await createTestOrg({ integrations: ['hubspot'] });
    const created = await api.post('/v1/users', newUserBody('dee'));
    const updated = await api.patch(`/v1/users/${created.body.id}`, { email: 'dee.new@example.com' });
    expect(updated.status).toBe(200);
    expect(updated.body.email).toBe('dee.new@example.com');
    expect(updated.body.needsSync).toEqual(['hubspot']);
  });

  it('rejects an email another user has', async () => {
    const { api } = await createTestOrg();
    await api.post('/v1/users', newUserBody('eve'));
    const other = await api.post('/v1/users', newUserBody('fay'));
    const response = await api.patch(`/v1/users/${other.body.id}`, { email: 'EVE@example.com' });
    expect(response.status).toBe(409);
  });

  it('frees the old email after a change', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('gus'));
    await api.patch(`/v1/users/${created.body.id}`, { email: 'gus2@example.com' });
    expect((await api.post('/v1/users', newUserBody('gus'))).status).toBe(201);
  });

  it('answers 412 on a stale If-Match', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('hal'));
    const etag = created.headers.get('etag')!;
    await api.patch(`/v1/users/${created.body.id}`, { givenName: 'Hal' }, { 'if-match': etag });
    const stale = await api.patch(`/v1/users/${created.body.id}`, { givenName: 'Hank' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
  });
});

describe('DELETE /v1/users/{userId}', () => {
  it('soft-deletes and hides the user from the default list', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('ida'));
    expect((await api.delete(`/v1/users/${created.body.id}`)).status).toBe(204);
    const fetched = await api.get(`/v1/users/${created.body.id}`);
    expect(fetched.body.status).toBe('deleted');
    const list = await api.get('/v1/users');
    expect(list.body.users.map((user: { id: string }) => user.id)).not.toContain(created.body.id);
    const deleted = await api.get('/v1/users?status=deleted');
    expect(deleted.body.users.map((user: { id: string }) => user.id)).toEqual([created.body.id]);
  });

  it('refuses to delete the last admin', async () => {
    const { api, adminUserId } = await createTestOrg();
    const response = await api.delete(`/v1/users/${adminUserId}`);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('last_admin');
  });

  it('revokes a deleted admin\'s token at once', async () => {
    const { api, orgId } = await createTestOrg();
    const jo = await api.post('/v1/users', newUserBody('jo', { role: 'admin' }));
    const joApi = apiClient(await issueTokenFor(orgId, jo.body.id));
    expect((await joApi.get('/v1/users')).status).toBe(200);
    expect((await api.delete(`/v1/users/${jo.body.id}`)).status).toBe(204);
    expect((await joApi.get('/v1/users')).status).toBe(401);
  });

  it('forbids a demoted admin on their next request', async () => {
    const { api, orgId } = await createTestOrg();
    const kim = await api.post('/v1/users', newUserBody('kim', { role: 'admin' }));
    const kimApi = apiClient(await issueTokenFor(orgId, kim.body.id));
    await api.post('/v1/users/demote', { userIds: [kim.body.id] });
    expect((await kimApi.get('/v1/users')).status).toBe(403);
  });
});

describe('promote and demote', () => {
  it('returns a result per user', async () => {
    const { api, adminUserId, orgId } = await createTestOrg();
    const a = await api.post('/v1/users', newUserBody('ka'));
    const b = await api.post('/v1/users', newUserBody('kb'));
    const promoted = await api.post('/v1/users/promote', { userIds: [a.body.id, b.body.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV'] });
    expect(promoted.status).toBe(200);
    expect(promoted.body.results.map((result: { outcome: string }) => result.outcome)).toEqual(['updated', 'updated', 'failed']);
    const demoted = await api.post('/v1/users/demote', { userIds: [adminUserId, a.body.id, b.body.id] });
    const outcomes = demoted.body.results.map((result: { outcome: string }) => result.outcome);
    expect(outcomes.filter((outcome: string) => outcome === 'updated')).toHaveLength(2);
    expect(outcomes.filter((outcome: string) => outcome === 'failed')).toHaveLength(1);
    // The caller may have demoted themself, so count through the repository rather than the API.
    const { orgs, users } = await import('../../functions/commons/dependencies.ts');
    expect((await orgs.get(orgId))?.activeAdminCount).toBe(1);
    const page = await users.list(orgId, { limit: 10, statuses: ['active'], role: 'admin' });
    expect(page.items).toHaveLength(1);
  });
});

describe('settings', () => {
  it('turns the welcome email default off', async () => {
    const { api } = await createTestOrg();
    const before = await api.get('/v1/settings');
    expect(before.body).toMatchObject({ welcomeEmailsDefault: true, integrations: ['salesforce', 'gong'] });
    const after = await api.patch('/v1/settings', { welcomeEmailsDefault: false });
    expect(after.body.welcomeEmailsDefault).toBe(false);
    const created = await api.post('/v1/users', newUserBody('lu'));
    expect(created.body.welcomeEmail.status).toBe('not_requested');
  });
});
