import { describe, expect, it } from 'vitest';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA, createScimOrg, scimClient, scimError } from './client.ts';

describe('SCIM discovery', () => {
  it('advertises what Roster supports', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.get('/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/scim+json');
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
    });
  });

  it('lists the User and Group resource types', async () => {
    const { scim } = await createScimOrg();
    const response = await scim.get('/ResourceTypes');
    expect(response.body).toMatchObject({ schemas: [LIST_SCHEMA], totalResults: 2, itemsPerPage: 2 });
    expect(response.body.Resources.map((type: { id: string; schema: string }) => [type.id, type.schema])).toEqual([
      ['User', USER_SCHEMA],
      ['Group', GROUP_SCHEMA],
    ]);
    expect((await scim.get('/ResourceTypes/User')).body).toMatchObject({ id: 'User', endpoint: '/Users', schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }] });
    expect((await scim.get('/ResourceTypes/Device')).body).toEqual(scimError(404));
  });

  it('describes each schema', async () => {
    const { scim } = await createScimOrg();
    const list = await scim.get('/Schemas');
    expect(list.body.Resources.map((schema: { id: string }) => schema.id)).toEqual([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA]);
    const user = await scim.get(`/Schemas/${USER_SCHEMA}`);
    expect(user.status).toBe(200);
    expect(user.body.attributes.find((attribute: { name: string }) => attribute.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect((await scim.get('/Schemas/urn:example:unknown')).status).toBe(404);
  });

  it('requires a SCIM token', async () => {
    expect((await scimClient(undefined).get('/ServiceProviderConfig')).status).toBe(401);
  });
});
