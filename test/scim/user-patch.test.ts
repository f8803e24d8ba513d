import { describe, expect, it } from 'vitest';
import { USER_SCHEMA, createScimOrg, createScimUser, patchOp, scimError } from './client.ts';

/** Creates Pat in a fresh org and sends one PATCH with the given operations. */
async function patched(operations: unknown[]) {
  const org = await createScimOrg();
  const user = await createScimUser(org.scim, 'pat', { externalId: 'x-1', name: { givenName: 'Pat', familyName: 'Doe' } });
  const response = await org.scim.patch(`/Users/${user.id}`, patchOp(...operations));
  return { org, user, response };
}

describe('SCIM PATCH /Users shapes', () => {
  it('accepts op names in any case', async () => {
    const { response } = await patched([{ op: 'REPLACE', path: 'name.givenName', value: 'Pia' }, { op: 'Add', path: 'name.familyName', value: 'Roe' }]);
    expect(response.status).toBe(200);
    expect(response.body.name).toEqual({ givenName: 'Pia', familyName: 'Roe', formatted: 'Pia Roe' });
  });

  it('reads a string boolean', async () => {
    const { org, user, response } = await patched([{ op: 'replace', path: 'active', value: 'False' }]);
    expect(response.body.active).toBe(false);
    expect((await org.api.get(`/v1/users/${user.id}`)).body.status).toBe('suspended');
  });

  it('applies a path-less replace with dotted and qualified keys', async () => {
    const { response } = await patched([
      {
        op: 'replace',
        value: { 'name.givenName': 'Pia', [`${USER_SCHEMA}:name.familyName`]: 'Roe', active: 'true', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter': '9' },
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: { givenName: 'Pia', familyName: 'Roe' }, active: true });
  });

  it('accepts a schema-qualified path', async () => {
    const { response } = await patched([{ op: 'replace', path: `${USER_SCHEMA}:name.givenName`, value: 'Pia' }]);
    expect(response.body.name.givenName).toBe('Pia');
  });

  it('treats add on externalId as replace', async () => {
    const { response } = await patched([{ op: 'add', path: 'externalId', value: 'x-2' }]);
    expect(response.body.externalId).toBe('x-2');
  });

  it('sets the work email by value filter', async () => {
    const { org, user, response } = await patched([{ op: 'add', path: 'emails[type eq "work"].value', value: 'pat.new@example.com' }]);
    expect(response.body).toMatchObject({ userName: 'pat.new@example.com', emails: [{ value: 'pat.new@example.com', type: 'work', primary: true }] });
    expect((await org.api.get(`/v1/users/${user.id}`)).body.email).toBe('pat.new@example.com');
  });

  it('removes externalId and frees it', async () => {
    const { org, response } = await patched([{ op: 'remove', path: 'externalId' }]);
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('externalId');
    expect((await createScimUser(org.scim, 'reuse', { externalId: 'x-1' })).externalId).toBe('x-1');
  });

  it('returns the unchanged user for a no-op', async () => {
    const { user, response } = await patched([{ op: 'replace', path: 'title', value: 'ignored' }]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(user);
  });

  it('rejects an email another user has with uniqueness', async () => {
    const org = await createScimOrg();
    await createScimUser(org.scim, 'taken');
    const user = await createScimUser(org.scim, 'mover');
    const response = await org.scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: 'TAKEN@example.com' }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409, 'uniqueness'));
    expect((await org.scim.get(`/Users/${user.id}`)).body.userName).toBe('mover@example.com');
  });

  it('refuses to suspend the last admin', async () => {
    const org = await createScimOrg();
    const response = await org.scim.patch(`/Users/${org.adminUserId}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual(scimError(409));
    expect(response.body.detail).toContain('last active admin');
  });

  it.each([
    [{ op: 'move', path: 'active', value: true }, 'invalidSyntax'],
    [{ op: 'remove' }, 'noTarget'],
    [{ op: 'replace', path: 'emails[type eq', value: 'x' }, 'invalidPath'],
    [{ op: 'replace', path: 'active', value: 'perhaps' }, 'invalidValue'],
    [{ op: 'replace', path: 'userName', value: 'not-an-email' }, 'invalidValue'],
    [{ op: 'remove', path: 'userName' }, 'mutability'],
  ])('rejects %j with %s', async (operation, scimType) => {
    const { response } = await patched([operation]);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, scimType));
  });

  it('rejects a body without Operations', async () => {
    const org = await createScimOrg();
    const user = await createScimUser(org.scim, 'bare');
    const response = await org.scim.patch(`/Users/${user.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
  });
});
