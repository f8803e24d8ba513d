import { describe, expect, it } from 'vitest';
import { apiClient, createTestOrg, issueTokenFor, newUserBody } from '../support/api.ts';

describe('token revocation', () => {
  it('keeps tokens revoked after a restore', async () => {
    const { api, orgId } = await createTestOrg();
    const admin = await api.post('/v1/users', newUserBody('restored-admin', { role: 'admin' }));
    const oldApi = apiClient(await issueTokenFor(orgId, admin.body.id));
    expect((await oldApi.get('/v1/users')).status).toBe(200);

    expect((await api.delete(`/v1/users/${admin.body.id}`)).status).toBe(204);
    expect((await api.post(`/v1/users/${admin.body.id}/restore`)).status).toBe(200);
    expect((await oldApi.get('/v1/users')).status).toBe(401);

    const newApi = apiClient(await issueTokenFor(orgId, admin.body.id));
    expect((await newApi.get('/v1/users')).status).toBe(200);
  });

  it('lets tokens work again after a reactivation', async () => {
    const { api, orgId } = await createTestOrg();
    const admin = await api.post('/v1/users', newUserBody('paused-admin', { role: 'admin' }));
    const token = apiClient(await issueTokenFor(orgId, admin.body.id));
    await api.post(`/v1/users/${admin.body.id}/suspend`);
    expect((await token.get('/v1/users')).status).toBe(401);
    await api.post(`/v1/users/${admin.body.id}/reactivate`);
    expect((await token.get('/v1/users')).status).toBe(200);
  });
});
