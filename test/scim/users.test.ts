import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { ENTERPRISE_SCHEMA, LIST_SCHEMA, USER_SCHEMA, createScimOrg, createScimUser, patchOp, scimClient, scimError } from './client.ts';

describe('SCIM authentication', () => {
  it('rejects a missing token with 401', async () => {
    const response = await scimClient(undefined).get('/Users');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/scim+json');
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(response.body).toEqual(scimError(401));
  });

  it('rejects an admin token with 401', async () => {
    const { adminToken } = await createScimOrg();
    const response = await scimClient(adminToken).get('/Users');
    expect(response.status).toBe(401);
    expect(response.body).toEqual(scimError(401));
  });

  it('rejects a SCIM token on the admin API', async () => {
    const { scimToken } = await createScimOrg();
    expect((await apiClient(scimToken).get('/v1/users')).status).toBe(401);
  });

  it('rejects a wrong secret', async () => {
    const { scimToken } = await createScimOrg();
    const forged = scimToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await scimClient(forged).get('/Users')).status).toBe(401);
  });

  it('rejects a revoked token', async () => {
    const org = await createScimOrg();
    const listed = await org.api.get('/v1/scim-tokens');
    expect(listed.status).toBe(200);
    expect(listed.body.tokens).toHaveLength(1);
    expect(listed.body.tokens[0]).not.toHaveProperty('secretHash');
    expect(listed.body.tokens[0]).not.toHaveProperty('token');
    expect((await org.api.delete(`/v1/scim-tokens/${listed.body.tokens[0].tokenId}`)).status).toBe(204);
    expect((await org.scim.get('/Users')).status).toBe(401);
  });

  it('keeps tokens inside their org', async () => {
    const first = await createScimOrg();
    const second = await createScimOrg();
    const user = await createScimUser(first.scim, 'only-first');
    expect((await second.scim.get(`/Users/${user.id}`)).status).toBe(404);
  });
});

describe('SCIM POST /Users', () => {
  it('creates a user and returns 201 with the full resource', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Users', {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: 'ann@example.com',
      externalId: '00u1',
      name: { givenName: 'Ann', familyName: 'Lee', middleName: 'Q' },
      emails: [{ primary: true, value: 'ann@example.com', type: 'work' }],
      phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
      active: true,
      [ENTERPRISE_SCHEMA]: { employeeNumber: '42', manager: { value: 'x' } },
      someVendorAttribute: { nested: [1, 2] },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/scim+json');
    expect(response.headers.get('location')).toBe(response.body.meta.location);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.body).toEqual({
      schemas: [USER_SCHEMA],
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      externalId: '00u1',
      userName: 'ann@example.com',
      name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
      displayName: 'Ann Lee',
      emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
      active: true,
      meta: {
        resourceType: 'User',
        created: expect.any(String),
        lastModified: expect.any(String),
        location: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\/[0-9A-Z]{26}$/),
        version: 'W/"1"',
      },
    });
  });

  it('marks the user Need Sync and applies the welcome-email default', async () => {
    const org = await createScimOrg({ integrations: ['salesforce'], welcomeEmailsDefault: true });
    const created = await createScimUser(org.scim, 'welcome');
    const user = await org.api.get(`/v1/users/${created.id}`);
    expect(user.body.needsSync).toEqual(['salesforce']);
    expect(user.body.role).toBe('member');
    expect(['queued', 'sent']).toContain(user.body.welcomeEmail.status);
  });

  it('skips the welcome email when the org default is off', async () => {
    const org = await createScimOrg({ welcomeEmailsDefault: false });
    const created = await createScimUser(org.scim, 'quiet');
    const user = await org.api.get(`/v1/users/${created.id}`);
    expect(user.body.welcomeEmail).toEqual({ status: 'not_requested' });
  });

  it('records the SCIM token as the actor', async () => {
    const org = await createScimOrg();
    const created = await createScimUser(org.scim, 'audited');
    const { documentClient } = await import('../../functions/commons/clients.ts');
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { tableName } = await import('../../functions/commons/config.ts');
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ORG#${org.orgId}`, ':prefix': 'AUDIT#' },
      }),
    );
    const entry = Items.find((item) => item.action === 'user.created' && item.target.id === created.id);
    expect(entry?.channel).toBe('scim');
    expect(entry?.actor).toEqual({ type: 'scim', tokenId: expect.stringMatching(/^[0-9A-Z]{26}$/) });
  });

  it('creates a suspended user when active is false', async () => {
    const org = await createScimOrg();
    const created = await createScimUser(org.scim, 'inactive', { active: 'False' });
    expect(created.active).toBe(false);
    expect((await org.api.get(`/v1/users/${created.id}`)).body.status).toBe('suspended');
  });

  it('accepts application/json bodies', async () => {
    const org = await createScimOrg();
    const response = await scimClient(org.scimToken, 'application/json').post('/Users', { userName: 'json@example.com' });
    expect(response.status).toBe(201);
    expect(response.body.name).toEqual({ givenName: '', familyName: '', formatted: '' });
  });

  it('rejects a duplicate userName ignoring case with 409 uniqueness', async () => {
    const { scim } = await createScimOrg();
    await createScimUser(scim, 'dup');
    const response = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: 'DUP@example.com' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409, 'uniqueness'));
  });

  it('rejects a duplicate externalId with 409 uniqueness', async () => {
    const { scim } = await createScimOrg();
    await createScimUser(scim, 'ext1', { externalId: 'same' });
    const response = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: 'ext2@example.com', externalId: 'same' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409, 'uniqueness'));
  });

  it('rejects a userName that is not an email with invalidValue', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: 'not an email' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
    expect(response.body.detail).toContain('userName');
  });

  it('rejects a missing userName with invalidValue', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Users', { schemas: [USER_SCHEMA], name: { givenName: 'A' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
  });

  it('rejects invalid JSON with invalidSyntax', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Users', '{"userName": ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
  });

  it('rejects an unsupported media type with 415', async () => {
    const org = await createScimOrg();
    const response = await scimClient(org.scimToken, 'text/plain').post('/Users', '{}');
    expect(response.status).toBe(415);
    expect(response.body).toEqual(scimError(415));
  });
});

describe('SCIM GET /Users/{id}', () => {
  it('returns 404 for an unknown id', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.get('/Users/01J0000000000000000000000Z');
    expect(response.status).toBe(404);
    expect(response.body).toEqual(scimError(404));
  });

  it('returns 404 for an id that is not a ULID', async () => {
    const { scim } = await createScimOrg();
    expect((await scim.get('/Users/not-an-id')).status).toBe(404);
  });

  it('honours attributes and excludedAttributes', async () => {
    const { scim } = await createScimOrg();
    const created = await createScimUser(scim, 'proj');
    const only = await scim.get(`/Users/${created.id}?attributes=userName,name.familyName`);
    expect(only.body).toEqual({ schemas: [USER_SCHEMA], id: created.id, userName: 'proj@example.com', name: { familyName: 'proj' } });
    const without = await scim.get(`/Users/${created.id}?excludedAttributes=emails,meta,name.givenName`);
    expect(without.body).not.toHaveProperty('emails');
    expect(without.body).not.toHaveProperty('meta');
    expect(without.body.name).toEqual({ familyName: 'proj', formatted: 'Test proj' });
    expect(without.body.id).toBe(created.id);
  });
});

describe('SCIM PUT /Users/{id}', () => {
  it('replaces the user and returns 200', async () => {
    const org = await createScimOrg({ integrations: ['gong'] });
    const created = await createScimUser(org.scim, 'put', { externalId: 'old' });
    const response = await org.scim.put(`/Users/${created.id}`, {
      schemas: [USER_SCHEMA],
      id: created.id,
      userName: 'put.new@example.com',
      name: { givenName: 'New', familyName: 'Name' },
      emails: [{ value: 'put.new@example.com', primary: true }],
      active: true,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userName: 'put.new@example.com', name: { givenName: 'New', familyName: 'Name' }, active: true });
    expect(response.body).not.toHaveProperty('externalId');
    expect(response.headers.get('etag')).toBe(response.body.meta.version);
    const admin = await org.api.get(`/v1/users/${created.id}`);
    expect(admin.body.email).toBe('put.new@example.com');
    expect(admin.body.needsSync).toEqual(['gong']);
  });

  it('rejects a stale If-Match with 412', async () => {
    const { scim } = await createScimOrg();
    const created = await createScimUser(scim, 'etag');
    await scim.patch(`/Users/${created.id}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'Changed' }));
    const response = await scim.put(`/Users/${created.id}`, { schemas: [USER_SCHEMA], userName: 'etag@example.com' }, { 'if-match': 'W/"1"' });
    expect(response.status).toBe(412);
    expect(response.body).toEqual(scimError(412));
  });

  it('rejects a different id as mutability', async () => {
    const { scim } = await createScimOrg();
    const created = await createScimUser(scim, 'otherid');
    const response = await scim.put(`/Users/${created.id}`, { schemas: [USER_SCHEMA], id: '01J0000000000000000000000Z', userName: 'otherid@example.com' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'mutability'));
  });
});

describe('SCIM DELETE /Users/{id}', () => {
  it('deletes in Roster terms: 204, then 404, data kept', async () => {
    const org = await createScimOrg();
    const created = await createScimUser(org.scim, 'gone');
    const response = await org.scim.delete(`/Users/${created.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await org.scim.get(`/Users/${created.id}`)).status).toBe(404);
    expect((await org.scim.delete(`/Users/${created.id}`)).status).toBe(404);
    expect((await org.api.get(`/v1/users/${created.id}`)).body.status).toBe('deleted');
  });

  it('refuses to delete the last admin with 409', async () => {
    const org = await createScimOrg();
    const response = await org.scim.delete(`/Users/${org.adminUserId}`);
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409));
    expect(response.body.detail).toContain('last active admin');
  });
});

describe('SCIM GET /Users paging', () => {
  it('pages in a stable order with RFC counts', async () => {
    const { scim } = await createScimOrg();
    for (const name of ['p1', 'p2', 'p3', 'p4']) await createScimUser(scim, name);
    const first = await scim.get('/Users?startIndex=1&count=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schemas: [LIST_SCHEMA], totalResults: 5, startIndex: 1, itemsPerPage: 2 });
    const second = await scim.get('/Users?startIndex=3&count=2');
    const third = await scim.get('/Users?startIndex=5&count=2');
    expect(third.body.itemsPerPage).toBe(1);
    const ids = [...first.body.Resources, ...second.body.Resources, ...third.body.Resources].map((user: { id: string }) => user.id);
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual(ids);
  });

  it('treats startIndex below 1 as 1 and a negative count as 0', async () => {
    const { scim } = await createScimOrg();
    const low = await scim.get('/Users?startIndex=-4&count=1');
    expect(low.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    const none = await scim.get('/Users?count=-1');
    expect(none.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('caps count at the advertised maximum', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.get('/Users?count=100000');
    expect(response.status).toBe(200);
    expect(response.body.itemsPerPage).toBe(1);
  });

  it('rejects a count that is not a number', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.get('/Users?count=ten');
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
  });

  it('hides deleted users and shows suspended ones', async () => {
    const org = await createScimOrg();
    const kept = await createScimUser(org.scim, 'kept');
    const removed = await createScimUser(org.scim, 'removed');
    await org.scim.patch(`/Users/${kept.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
    await org.scim.delete(`/Users/${removed.id}`);
    const list = await org.scim.get('/Users');
    const names = list.body.Resources.map((user: { userName: string; active: boolean }) => `${user.userName}:${user.active}`);
    expect(names).toContain('kept@example.com:false');
    expect(names).not.toContain('removed@example.com:true');
    expect(list.body.totalResults).toBe(2);
  });
});
