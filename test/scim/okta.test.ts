import { describe, expect, it } from 'vitest';
import { GROUP_SCHEMA, LIST_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, createScimOrg, scimClient } from './client.ts';

/** Okta sends SCIM bodies with a charset parameter. */
const OKTA_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

const userResource = (id: string, fields: { userName: string; givenName: string; familyName: string; externalId?: string; active: boolean; version: number }) => ({
  schemas: [USER_SCHEMA],
  id,
  ...(fields.externalId === undefined ? {} : { externalId: fields.externalId }),
  userName: fields.userName,
  name: { givenName: fields.givenName, familyName: fields.familyName, formatted: `${fields.givenName} ${fields.familyName}` },
  displayName: `${fields.givenName} ${fields.familyName}`,
  emails: [{ value: fields.userName, type: 'work', primary: true }],
  active: fields.active,
  meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), location: expect.stringMatching(new RegExp(`/scim/v2/Users/${id}$`)), version: `W/"${fields.version}"` },
});

/**
 * The requests an Okta tenant sends to a SCIM 2.0 app: the connection test,
 * user import and provisioning, profile push with PUT, deactivation with a
 * path-less PATCH, and group push.
 */
describe('Okta provisioning sequence', () => {
  it('provisions, updates, deactivates and deletes a user', async () => {
    const org = await createScimOrg({ integrations: ['salesforce'] });
    const okta = scimClient(org.scimToken, OKTA_CONTENT_TYPE);

    // Test Connector Configuration.
    const probe = await okta.get('/Users?startIndex=1&count=2');
    expect(probe.status).toBe(200);
    expect(probe.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [expect.objectContaining({ active: true })] });
    const groupsProbe = await okta.get('/Groups?startIndex=1&count=100');
    expect(groupsProbe.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    // Assignment: look the user up, then create.
    const lookup = await okta.get(`/Users?filter=${encodeURIComponent('userName eq "dana.ito@example.com"')}&startIndex=1&count=100`);
    expect(lookup.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const created = await okta.post('/Users', {
      schemas: [USER_SCHEMA],
      userName: 'dana.ito@example.com',
      name: { givenName: 'Dana', familyName: 'Ito' },
      emails: [{ primary: true, value: 'dana.ito@example.com', type: 'work' }],
      displayName: 'Dana Ito',
      locale: 'en-US',
      externalId: '00u1abcd2EFGH3ijk4x7',
      groups: [],
      password: 'not-stored-1A!',
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toEqual(userResource(id, { userName: 'dana.ito@example.com', givenName: 'Dana', familyName: 'Ito', externalId: '00u1abcd2EFGH3ijk4x7', active: true, version: 1 }));
    expect((await org.api.get(`/v1/users/${id}`)).body.needsSync).toEqual(['salesforce']);

    const found = await okta.get(`/Users?filter=${encodeURIComponent('userName eq "dana.ito@example.com"')}&startIndex=1&count=100`);
    expect(found.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [created.body] });
    expect((await okta.get(`/Users/${id}`)).body).toEqual(created.body);

    // Profile push: PUT with the whole user.
    const replaced = await okta.put(`/Users/${id}`, {
      schemas: [USER_SCHEMA],
      id,
      userName: 'dana.ito@example.com',
      name: { givenName: 'Dana', familyName: 'Ito-Lane' },
      emails: [{ primary: true, value: 'dana.ito@example.com', type: 'work' }],
      displayName: 'Dana Ito-Lane',
      externalId: '00u1abcd2EFGH3ijk4x7',
      groups: [],
      active: true,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual(userResource(id, { userName: 'dana.ito@example.com', givenName: 'Dana', familyName: 'Ito-Lane', externalId: '00u1abcd2EFGH3ijk4x7', active: true, version: 2 }));

    // Deactivation: a path-less replace.
    const deactivated = await okta.patch(`/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toEqual(userResource(id, { userName: 'dana.ito@example.com', givenName: 'Dana', familyName: 'Ito-Lane', externalId: '00u1abcd2EFGH3ijk4x7', active: false, version: 3 }));
    expect((await org.api.get(`/v1/users/${id}`)).body.status).toBe('suspended');
    expect((await okta.get(`/Users?filter=${encodeURIComponent('userName eq "dana.ito@example.com"')}`)).body.Resources[0].active).toBe(false);

    // Reactivation.
    const reactivated = await okta.patch(`/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(reactivated.body.active).toBe(true);
    expect((await org.api.get(`/v1/users/${id}`)).body.status).toBe('active');

    const deleted = await okta.delete(`/Users/${id}`);
    expect(deleted.status).toBe(204);
    expect((await okta.get(`/Users/${id}`)).status).toBe(404);
    expect((await org.api.get(`/v1/users/${id}`)).body.status).toBe('deleted');
  });

  it('pushes a group and its membership changes', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const okta = scimClient(org.scimToken, OKTA_CONTENT_TYPE);
    const addUser = async (local: string) =>
      (await okta.post('/Users', { schemas: [USER_SCHEMA], userName: `${local}@example.com`, name: { givenName: local, familyName: 'Okta' }, active: true })).body.id as string;
    const [eve, finn] = [await addUser('eve'), await addUser('finn')];

    const lookup = await okta.get(`/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}&startIndex=1&count=100`);
    expect(lookup.body.totalResults).toBe(0);
    const created = await okta.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Sales Team', members: [{ value: eve, display: 'eve@example.com' }] });
    expect(created.status).toBe(201);
    const groupId = created.body.id;
    expect(created.body).toEqual({
      schemas: [GROUP_SCHEMA],
      id: groupId,
      displayName: 'Sales Team',
      members: [{ value: eve, $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${eve}$`)), type: 'User' }],
      meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: expect.stringMatching(new RegExp(`/scim/v2/Groups/${groupId}$`)), version: 'W/"1"' },
    });

    // Okta renames with a path-less replace that repeats the read-only id.
    const renamed = await okta.patch(`/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Roster Admins' } }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Roster Admins');
    expect((await org.api.get(`/v1/users/${eve}`)).body.role).toBe('admin');

    const added = await okta.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: [{ value: finn, display: 'finn@example.com' }] }],
    });
    expect(added.status).toBe(200);
    expect(added.body.members.map((member: { value: string }) => member.value)).toEqual([eve, finn]);
    expect((await org.api.get(`/v1/users/${finn}`)).body.role).toBe('admin');

    const removed = await okta.patch(`/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq "${eve}"]` }] });
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((member: { value: string }) => member.value)).toEqual([finn]);
    expect((await org.api.get(`/v1/users/${eve}`)).body.role).toBe('member');

    const withoutMembers = await okta.get(`/Groups/${groupId}?excludedAttributes=members`);
    expect(withoutMembers.body).toEqual({ schemas: [GROUP_SCHEMA], id: groupId, displayName: 'Roster Admins', meta: removed.body.meta });

    expect((await okta.delete(`/Groups/${groupId}`)).status).toBe(204);
    expect((await okta.get(`/Groups/${groupId}`)).status).toBe(404);
    expect((await org.api.get(`/v1/users/${finn}`)).body.role).toBe('member');
  });
});
