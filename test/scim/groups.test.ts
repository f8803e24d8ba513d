import { describe, expect, it } from 'vitest';
import { apiClient, issueTokenFor } from '../support/api.ts';
import { GROUP_SCHEMA, type ScimTestOrg, createScimOrg, createScimUser, patchOp, scimError } from './client.ts';

async function createGroup(org: ScimTestOrg, displayName: string, members: string[] = []) {
  const response = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

const memberIds = (group: { members?: { value: string }[] }) => (group.members ?? []).map((member) => member.value);

async function roleOf(org: ScimTestOrg, userId: string) {
  return (await org.api.get(`/v1/users/${userId}`)).body.role;
}

describe('SCIM POST /Groups', () => {
  it('creates a group with members and returns 201', async () => {
    const org = await createScimOrg();
    const ann = await createScimUser(org.scim, 'ann');
    const response = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Sales', externalId: 'g-1', members: [{ value: ann.id, display: 'Ann' }] });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(response.body.meta.location);
    expect(response.body).toEqual({
      schemas: [GROUP_SCHEMA],
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      externalId: 'g-1',
      displayName: 'Sales',
      members: [{ value: ann.id, $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${ann.id}$`)), type: 'User' }],
      meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: expect.stringContaining('/scim/v2/Groups/'), version: 'W/"1"' },
    });
  });

  it('rejects a duplicate displayName ignoring case', async () => {
    const org = await createScimOrg();
    await createGroup(org, 'Sales');
    const response = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'SALES' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409, 'uniqueness'));
  });

  it('rejects an unknown member with invalidValue', async () => {
    const org = await createScimOrg();
    const response = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'X', members: [{ value: '01J0000000000000000000000Z' }] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
    expect((await org.scim.get('/Groups')).body.totalResults).toBe(0);
  });

  it('rejects an overlong member id with invalidValue', async () => {
    const org = await createScimOrg();
    const response = await org.scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'X', members: [{ value: 'U'.repeat(2000) }] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
  });
});

describe('SCIM GET /Groups', () => {
  it('finds a group by displayName and excludes members', async () => {
    const org = await createScimOrg();
    const ann = await createScimUser(org.scim, 'ann');
    const group = await createGroup(org, 'Support Team', [ann.id]);
    await createGroup(org, 'Other');
    const response = await org.scim.get(`/Groups?filter=${encodeURIComponent('displayName eq "support team"')}&excludedAttributes=members`);
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0]).toEqual({ schemas: [GROUP_SCHEMA], id: group.id, displayName: 'Support Team', meta: group.meta });
  });

  it('filters on membership', async () => {
    const org = await createScimOrg();
    const ann = await createScimUser(org.scim, 'ann');
    const group = await createGroup(org, 'With Ann', [ann.id]);
    await createGroup(org, 'Without Ann');
    const response = await org.scim.get(`/Groups?filter=${encodeURIComponent(`id eq "${group.id}" and members[value eq "${ann.id}"]`)}`);
    expect(response.body.Resources.map((found: { id: string }) => found.id)).toEqual([group.id]);
    const byValue = await org.scim.get(`/Groups?filter=${encodeURIComponent(`members.value eq "${ann.id}"`)}&attributes=displayName`);
    expect(byValue.body.Resources).toEqual([{ schemas: [GROUP_SCHEMA], id: group.id, displayName: 'With Ann' }]);
  });

  it('returns 404 for an unknown group', async () => {
    const org = await createScimOrg();
    const response = await org.scim.get('/Groups/01J0000000000000000000000Z');
    expect(response.status).toBe(404);
    expect(response.body).toEqual(scimError(404));
  });
});

describe('SCIM PATCH /Groups', () => {
  it('adds and removes members in one request', async () => {
    const org = await createScimOrg();
    const [ann, bo, cy] = [await createScimUser(org.scim, 'ann'), await createScimUser(org.scim, 'bo'), await createScimUser(org.scim, 'cy')];
    const group = await createGroup(org, 'Team', [ann.id, bo.id]);
    const response = await org.scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'Add', path: 'members', value: [{ value: cy.id, $ref: null }] }, { op: 'Remove', path: `members[value eq "${ann.id}"]` }),
    );
    expect(response.status).toBe(200);
    expect(memberIds(response.body)).toEqual([bo.id, cy.id]);
    expect(response.body.meta.version).toBe('W/"2"');
  });

  it('removes only the listed members by value list', async () => {
    const org = await createScimOrg();
    const [ann, bo] = [await createScimUser(org.scim, 'ann'), await createScimUser(org.scim, 'bo')];
    const group = await createGroup(org, 'Team', [ann.id, bo.id]);
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'remove', path: 'members', value: [{ value: bo.id }] }));
    expect(memberIds(response.body)).toEqual([ann.id]);
    expect((await org.scim.get(`/Groups/${group.id}`)).status).toBe(200);
  });

  it('replaces members with a full list, then with none', async () => {
    const org = await createScimOrg();
    const [ann, bo] = [await createScimUser(org.scim, 'ann'), await createScimUser(org.scim, 'bo')];
    const group = await createGroup(org, 'Team', [ann.id]);
    const replaced = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'members', value: [{ value: bo.id }] }));
    expect(memberIds(replaced.body)).toEqual([bo.id]);
    const emptied = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'members', value: [] }));
    expect(emptied.status).toBe(200);
    expect(emptied.body.members).toEqual([]);
  });

  it('renames with the read-only id in the value', async () => {
    const org = await createScimOrg();
    const group = await createGroup(org, 'Old Name');
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', value: { id: group.id, displayName: 'New Name' } }));
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('New Name');
    const byOld = await org.scim.get(`/Groups?filter=${encodeURIComponent('displayName eq "Old Name"')}`);
    expect(byOld.body.totalResults).toBe(0);
    expect((await createGroup(org, 'Old Name')).displayName).toBe('Old Name');
  });

  it('rejects a rename onto another group with uniqueness', async () => {
    const org = await createScimOrg();
    await createGroup(org, 'Taken');
    const group = await createGroup(org, 'Mine');
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'taken' }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409, 'uniqueness'));
  });

  it('rejects a remove without a path with noTarget', async () => {
    const org = await createScimOrg();
    const group = await createGroup(org, 'Team');
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'remove' }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'noTarget'));
  });

  it('rejects a stale If-Match with 412', async () => {
    const org = await createScimOrg();
    const group = await createGroup(org, 'Team');
    await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Team 2' }));
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Team 3' }), { 'if-match': 'W/"1"' });
    expect(response.status).toBe(412);
  });
});

describe('SCIM PUT and DELETE /Groups', () => {
  it('replaces the group', async () => {
    const org = await createScimOrg();
    const [ann, bo] = [await createScimUser(org.scim, 'ann'), await createScimUser(org.scim, 'bo')];
    const group = await createGroup(org, 'Team', [ann.id]);
    const response = await org.scim.put(`/Groups/${group.id}`, { schemas: [GROUP_SCHEMA], id: group.id, displayName: 'Team B', members: [{ value: bo.id }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ displayName: 'Team B' });
    expect(memberIds(response.body)).toEqual([bo.id]);
    expect(response.body).not.toHaveProperty('externalId');
  });

  it('deletes the group with 204', async () => {
    const org = await createScimOrg();
    const group = await createGroup(org, 'Short Lived');
    expect((await org.scim.delete(`/Groups/${group.id}`)).status).toBe(204);
    expect((await org.scim.get(`/Groups/${group.id}`)).status).toBe(404);
    expect((await createGroup(org, 'Short Lived')).displayName).toBe('Short Lived');
  });
});

describe('admin group', () => {
  it('promotes members added and demotes members removed', async () => {
    const org = await createScimOrg();
    expect((await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' })).status).toBe(200);
    const ann = await createScimUser(org.scim, 'ann');
    const group = await createGroup(org, 'roster admins', [ann.id]);
    expect(await roleOf(org, ann.id)).toBe('admin');
    await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'remove', path: `members[value eq "${ann.id}"]` }));
    expect(await roleOf(org, ann.id)).toBe('member');
  });

  it('promotes on a rename to the admin group name', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const ann = await createScimUser(org.scim, 'ann');
    const group = await createGroup(org, 'Staging', [ann.id]);
    expect(await roleOf(org, ann.id)).toBe('member');
    await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Roster Admins' }));
    expect(await roleOf(org, ann.id)).toBe('admin');
  });

  it('refuses to remove the last admin with 409 and changes nothing', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const group = await createGroup(org, 'Roster Admins', [org.adminUserId]);
    const response = await org.scim.patch(`/Groups/${group.id}`, patchOp({ op: 'replace', path: 'members', value: [] }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409));
    expect(response.body.detail).toBe(
      `Removing user ${org.adminUserId} from the admin group "Roster Admins" would leave the org without an active admin. Add another admin to the group first.`,
    );
    expect(memberIds((await org.scim.get(`/Groups/${group.id}`)).body)).toEqual([org.adminUserId]);
    expect(await roleOf(org, org.adminUserId)).toBe('admin');
  });

  it('allows swapping admins in one request', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const ann = await createScimUser(org.scim, 'ann');
    const group = await createGroup(org, 'Roster Admins', [org.adminUserId]);
    const response = await org.scim.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: ann.id }] }, { op: 'remove', path: 'members', value: [{ value: org.adminUserId }] }),
    );
    expect(response.status).toBe(200);
    // The first admin's token stops working once they are a member, so read as Ann.
    const asAnn = apiClient(await issueTokenFor(org.orgId, ann.id));
    expect((await asAnn.get(`/v1/users/${ann.id}`)).body.role).toBe('admin');
    expect((await asAnn.get(`/v1/users/${org.adminUserId}`)).body.role).toBe('member');
  });

  it('refuses to delete the group holding the last admin', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const group = await createGroup(org, 'Roster Admins', [org.adminUserId]);
    const response = await org.scim.delete(`/Groups/${group.id}`);
    expect(response.status).toBe(409);
    expect((await org.scim.get(`/Groups/${group.id}`)).status).toBe(200);
  });

  it('leaves roles alone for other groups', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const ann = await createScimUser(org.scim, 'ann');
    await createGroup(org, 'Sales', [ann.id]);
    expect(await roleOf(org, ann.id)).toBe('member');
  });
});
