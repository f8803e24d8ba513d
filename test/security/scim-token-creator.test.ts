import { describe, expect, it } from 'vitest';
import { createToken } from '../../functions/domain/token-service.ts';
import { tokenServiceDeps } from '../../functions/commons/dependencies.ts';
import { apiClient, issueTokenFor, newUserBody } from '../support/api.ts';
import { GROUP_SCHEMA, type ScimTestOrg, USER_SCHEMA, createScimOrg, patchOp, scimClient } from '../scim/client.ts';

/**
 * Creates an org whose SCIM token was created by a second admin (the creator),
 * and returns a client for the first admin, who acts on the creator.
 */
async function orgWithScimCreator() {
  const org = await createScimOrg();
  const created = await org.api.post('/v1/users', newUserBody(`creator-${crypto.randomUUID().slice(0, 8)}`, { role: 'admin' }));
  const creatorId = created.body.id as string;
  const creatorApi = apiClient(await issueTokenFor(org.orgId, creatorId));
  const scimToken = await creatorApi.post('/v1/scim-tokens', { name: 'identity provider' });
  expect(scimToken.status).toBe(201);
  expect(scimToken.body.createdBy).toBe(creatorId);
  return { org, creatorId, scim: scimClient(scimToken.body.token) };
}

async function statusOf(org: ScimTestOrg, userId: string) {
  const user = (await org.api.get(`/v1/users/${userId}`)).body;
  return { status: user.status as string, role: user.role as string };
}

describe('SCIM token creator', () => {
  it('rejects the token while the creator is suspended', async () => {
    const { org, creatorId, scim } = await orgWithScimCreator();
    expect((await scim.get('/Users')).status).toBe(200);
    expect((await org.api.post(`/v1/users/${creatorId}/suspend`)).status).toBe(200);

    const selfReactivation = await scim.patch(`/Users/${creatorId}`, patchOp({ op: 'replace', path: 'active', value: true }));
    expect(selfReactivation.status).toBe(401);
    expect(selfReactivation.headers.get('www-authenticate')).toContain('Bearer');
    expect(await statusOf(org, creatorId)).toEqual({ status: 'suspended', role: 'admin' });

    expect((await org.api.post(`/v1/users/${creatorId}/reactivate`)).status).toBe(200);
    expect((await scim.get('/Users')).status).toBe(200);
  });

  it('rejects the token once the creator is demoted', async () => {
    const { org, creatorId, scim } = await orgWithScimCreator();
    expect((await org.api.patch('/v1/settings', { adminGroupName: 'Roster Admins' })).status).toBe(200);
    expect((await org.api.post('/v1/users/demote', { userIds: [creatorId] })).status).toBe(200);

    const selfPromotion = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Roster Admins', members: [{ value: creatorId }] });
    expect(selfPromotion.status).toBe(401);
    expect(await statusOf(org, creatorId)).toEqual({ status: 'active', role: 'member' });
    const groups = await org.scim.get('/Groups');
    expect(groups.body.Resources).toEqual([]);
  });

  it('rejects the token after the creator is deleted and restored', async () => {
    const { org, creatorId, scim } = await orgWithScimCreator();
    const email = (await org.api.get(`/v1/users/${creatorId}`)).body.email as string;
    expect((await org.api.delete(`/v1/users/${creatorId}`)).status).toBe(204);

    const selfRecreation = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: `again-${email}`, name: { givenName: 'Again', familyName: 'Creator' }, active: true });
    expect(selfRecreation.status).toBe(401);
    expect((await scim.patch(`/Users/${creatorId}`, patchOp({ op: 'replace', path: 'active', value: true }))).status).toBe(401);

    expect((await org.api.post(`/v1/users/${creatorId}/restore`)).status).toBe(200);
    expect(await statusOf(org, creatorId)).toEqual({ status: 'active', role: 'admin' });
    expect((await scim.get('/Users')).status).toBe(401);
  });

  it('keeps a token of an active creator working', async () => {
    const { org, scim } = await orgWithScimCreator();
    const other = await org.api.post('/v1/users', newUserBody('bystander'));
    expect((await org.api.post(`/v1/users/${other.body.id}/suspend`)).status).toBe(200);
    expect((await scim.get('/Users')).status).toBe(200);
  });

  it('keeps an operator-made token owned by the org', async () => {
    const org = await createScimOrg();
    const { token, record } = await createToken(
      tokenServiceDeps,
      { orgId: org.orgId, actor: { type: 'operator', name: 'provisioning' }, channel: 'operator' },
      { kind: 'scim', name: 'operator token' },
    );
    expect(record.createdBy).toBe('provisioning');
    expect((await scimClient(token).get('/Users')).status).toBe(200);
  });
});
