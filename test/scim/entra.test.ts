import { describe, expect, it } from 'vitest';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, createScimOrg, scimError } from './client.ts';

const emptyList = { schemas: [LIST_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };
const filterQuery = (filter: string) => `filter=${encodeURIComponent(filter)}`;

/**
 * Replays the requests the Microsoft Entra ID provisioning service sends. The
 * test connection looks up a random userName. Creates follow a lookup. PATCH
 * uses capitalised op names, string booleans and value-filtered email paths.
 * Groups are provisioned with member add and remove.
 */
describe('Microsoft Entra ID provisioning sequence', () => {
  it('provisions, updates, disables and deletes a user', async () => {
    const org = await createScimOrg();
    const { scim: entra } = org;

    // Test Connection: a userName that cannot exist, and a group by name.
    expect((await entra.get(`/Users?${filterQuery('userName eq "7a7b2b1c-2d1e-4c6a-9f2e-4b3b5a1d9c0e"')}`)).body).toEqual(emptyList);
    expect((await entra.get(`/Groups?excludedAttributes=members&${filterQuery('displayName eq "1c2b3a4d-5e6f"')}`)).body).toEqual(emptyList);

    // Create: lookups by userName and by the work email, then POST with the enterprise extension.
    expect((await entra.get(`/Users?${filterQuery('userName eq "gil.ray@example.com"')}`)).body).toEqual(emptyList);
    expect((await entra.get(`/Users?${filterQuery('emails[type eq "work"].value eq "gil.ray@example.com"')}`)).body).toEqual(emptyList);
    const created = await entra.post('/Users', {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      externalId: 'gil.ray',
      userName: 'gil.ray@example.com',
      active: true,
      displayName: 'Gil Ray',
      emails: [{ primary: true, type: 'work', value: 'gil.ray@example.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Gil Ray', familyName: 'Ray', givenName: 'Gil' },
      roles: [],
      title: 'Account Executive',
      [ENTERPRISE_SCHEMA]: { employeeNumber: '1001', department: 'Sales', manager: { value: 'boss' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toEqual({
      schemas: [USER_SCHEMA],
      id,
      externalId: 'gil.ray',
      userName: 'gil.ray@example.com',
      name: { givenName: 'Gil', familyName: 'Ray', formatted: 'Gil Ray' },
      displayName: 'Gil Ray',
      emails: [{ value: 'gil.ray@example.com', type: 'work', primary: true }],
      active: true,
      meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), location: expect.stringMatching(new RegExp(`/scim/v2/Users/${id}$`)), version: 'W/"1"' },
    });

    // A retry of the create after a timeout gets 409 uniqueness, which Entra resolves by matching.
    const again = await entra.post('/Users', { schemas: [USER_SCHEMA], externalId: 'gil.ray', userName: 'gil.ray@example.com', active: true });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(scimError(409, 'uniqueness'));
    expect((await entra.get(`/Users?${filterQuery('externalId eq "gil.ray"')}`)).body.Resources.map((user: { id: string }) => user.id)).toEqual([id]);

    // Update: capitalised op names, Add on a single-valued attribute, the work email by value filter.
    const updated = await entra.patch(`/Users/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: 'Replace', path: 'title', value: 'Senior Account Executive' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'gil.ray@sales.example.com' },
        { op: 'Replace', path: 'name.familyName', value: 'Ray-Moss' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Field Sales' },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      userName: 'gil.ray@sales.example.com',
      name: { givenName: 'Gil', familyName: 'Ray-Moss', formatted: 'Gil Ray-Moss' },
      emails: [{ value: 'gil.ray@sales.example.com', type: 'work', primary: true }],
      meta: { version: 'W/"2"' },
    });
    expect((await entra.get(`/Users?${filterQuery('userName eq "gil.ray@example.com"')}`)).body).toEqual(emptyList);

    // Disable: a string boolean.
    const disabled = await entra.patch(`/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await org.api.get(`/v1/users/${id}`)).body.status).toBe('suspended');
    expect((await entra.get(`/Users/${id}`)).body.active).toBe(false);

    const enabled = await entra.patch(`/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect(enabled.body.active).toBe(true);

    expect((await entra.delete(`/Users/${id}`)).status).toBe(204);
    expect((await entra.get(`/Users/${id}`)).body).toEqual(scimError(404));
  });

  it('provisions a group with member add and remove', async () => {
    const org = await createScimOrg();
    await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' });
    const { scim: entra } = org;
    const addUser = async (local: string) =>
      (await entra.post('/Users', { schemas: [USER_SCHEMA], externalId: local, userName: `${local}@example.com`, active: true })).body.id as string;
    const [hal, ivy] = [await addUser('hal'), await addUser('ivy')];

    expect((await entra.get(`/Groups?excludedAttributes=members&${filterQuery('displayName eq "Roster Admins"')}`)).body).toEqual(emptyList);
    const created = await entra.post('/Groups', { schemas: [GROUP_SCHEMA], externalId: 'grp-1', displayName: 'Roster Admins', meta: { resourceType: 'Group' } });
    expect(created.status).toBe(201);
    const groupId = created.body.id;
    expect(created.body).toMatchObject({ externalId: 'grp-1', displayName: 'Roster Admins', members: [] });

    const added = await entra.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: hal }, { value: ivy }] }],
    });
    expect(added.status).toBe(200);
    expect((await org.api.get(`/v1/users/${hal}`)).body.role).toBe('admin');
    expect((await org.api.get(`/v1/users/${ivy}`)).body.role).toBe('admin');

    // Entra checks membership with a filter while excluding the member list.
    const membership = await entra.get(`/Groups?excludedAttributes=members&${filterQuery(`id eq "${groupId}" and members[value eq "${hal}"]`)}`);
    expect(membership.body).toEqual({ schemas: [LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ schemas: [GROUP_SCHEMA], id: groupId, externalId: 'grp-1', displayName: 'Roster Admins', meta: added.body.meta }] });

    const removed = await entra.patch(`/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Remove', path: 'members', value: [{ value: hal }] }] });
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((member: { value: string }) => member.value)).toEqual([ivy]);
    expect((await org.api.get(`/v1/users/${hal}`)).body.role).toBe('member');

    const renamed = await entra.patch(`/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'displayName', value: 'Former Admins' }] });
    expect(renamed.body.displayName).toBe('Former Admins');
    expect((await org.api.get(`/v1/users/${ivy}`)).body.role).toBe('member');

    expect((await entra.delete(`/Groups/${groupId}`)).status).toBe(204);
  });
});
