import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/commons/clients.ts';
import { createTestOrg, newUserBody } from '../support/api.ts';
import { FAKE_CREDENTIALS, connectBoth, eventually, seededEmail, statusOf, syncOf } from './support.ts';

const auditActions = async (orgId: string) => {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: process.env.ROSTER_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':prefix': 'AUDIT#' },
    }),
  );
  return Items;
};

describe('PUT /v1/integrations/{integration}', () => {
  it('marks every active user Need Sync', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const active = (await api.post('/v1/users', newUserBody('conn-a'))).body.id;
    const suspended = (await api.post('/v1/users', newUserBody('conn-s'))).body.id;
    await api.post(`/v1/users/${suspended}/suspend`);

    const response = await api.put('/v1/integrations/hubspot', FAKE_CREDENTIALS.hubspot);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ integration: 'hubspot', connected: true, usersMarkedNeedSync: 2 });
    expect((await api.get(`/v1/users/${active}`)).body.needsSync).toEqual(['hubspot']);
    expect((await api.get(`/v1/users/${suspended}`)).body.needsSync).toEqual([]);
    expect((await api.get('/v1/settings')).body.integrations).toEqual(['hubspot']);
  });

  it('replaces credentials without marking again', async () => {
    const { api, orgId } = await createTestOrg({ integrations: [] });
    await api.put('/v1/integrations/gong', FAKE_CREDENTIALS.gong);
    const again = await api.put('/v1/integrations/gong', FAKE_CREDENTIALS.gong);
    expect(again.status).toBe(200);
    expect(again.body.usersMarkedNeedSync).toBe(0);
    const actions = (await auditActions(orgId)).map((entry) => entry.action);
    expect(actions).toContain('integration.credentials_replaced');
  });

  it('never returns the credentials', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const responses = [await api.put('/v1/integrations/salesloft', FAKE_CREDENTIALS.salesloft), await api.get('/v1/integrations'), await api.get('/v1/settings')];
    for (const response of responses) expect(response.text).not.toContain(FAKE_CREDENTIALS.salesloft.apiKey);
  });

  it('names each invalid credential field', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const response = await api.put('/v1/integrations/salesforce', { instanceUrl: 'http://attacker.example.com', extra: 1 });
    expect(response.status).toBe(400);
    const fields = new Set(response.body.errors.map((issue: { field: string }) => issue.field));
    expect([...fields].sort()).toEqual(['accessToken', 'extra', 'instanceUrl']);
    expect((await api.get('/v1/settings')).body.integrations).toEqual([]);
  });

  it('rejects an unknown integration', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const response = await api.put('/v1/integrations/pipedrive', { accessToken: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('integration');
  });
});

describe('DELETE /v1/integrations/{integration}', () => {
  it('clears Need Sync from every user and audits it', async () => {
    const { api, orgId } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesforce', 'gong']);
    const userId = (await api.post('/v1/users', newUserBody('disc'))).body.id;
    await api.post(`/v1/users/${userId}/suspend`);

    expect((await api.delete('/v1/integrations/salesforce')).status).toBe(204);
    expect((await api.get(`/v1/users/${userId}`)).body.needsSync).toEqual(['gong']);
    expect((await api.get('/v1/settings')).body.integrations).toEqual(['gong']);
    const actions = (await auditActions(orgId)).map((entry) => entry.action);
    expect(actions).toContain('integration.connected');
    expect(actions).toContain('integration.disconnected');
    expect(JSON.stringify(await auditActions(orgId))).not.toContain(FAKE_CREDENTIALS.salesforce.accessToken);
  });

  it('answers 404 for an integration not connected', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    expect((await api.delete('/v1/integrations/hubspot')).status).toBe(404);
  });
});

describe('POST /v1/integrations/{integration}/backfill', () => {
  it('answers 409 when the integration is not connected', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const response = await api.post('/v1/integrations/gong/backfill');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('integration_not_connected');
  });

  it('skips unknown and suspended users', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['gong']);
    const suspended = (await api.post('/v1/users', newUserBody('bf-s'))).body.id;
    await api.post(`/v1/users/${suspended}/suspend`);
    const unknown = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const response = await api.post('/v1/integrations/gong/backfill', { userIds: [suspended, unknown] });
    expect(response.status).toBe(202);
    expect(response.body.queued).toBe(0);
    expect(response.body.skipped).toEqual([
      { userId: suspended, reason: 'not_active' },
      { userId: unknown, reason: 'not_found' },
    ]);
  });
});

describe('autoBackfill', () => {
  it('queues the backfill when a user is added', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['hubspot', 'salesloft']);
    await api.patch('/v1/settings', { autoBackfill: true });
    const email = await seededEmail('auto');
    const userId = (await api.post('/v1/users', { email, givenName: 'Au', familyName: 'To', sendWelcomeEmail: false })).body.id;
    const user = await eventually(() => api.get(`/v1/users/${userId}`), (response) => response.body.needsSync.length === 0);
    expect(user.body.needsSync).toEqual([]);
    const deals = await api.get(`/v1/deals?ownerId=${userId}`);
    expect(deals.body.deals).toHaveLength(5);
  });

  it('queues nothing when off', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['hubspot']);
    const email = await seededEmail('manual');
    const userId = (await api.post('/v1/users', { email, givenName: 'Ma', familyName: 'Nu', sendWelcomeEmail: false })).body.id;
    expect(statusOf(await syncOf(api, userId), 'hubspot')).toBe('needs_sync');
  });
});

describe('GET /v1/deals', () => {
  it('requires ownerId', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    const response = await api.get('/v1/deals');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('ownerId');
  });

  it('rejects a cursor of another owner', async () => {
    const { api, adminUserId } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesforce']);
    const email = await seededEmail('cursor');
    const userId = (await api.post('/v1/users', { email, givenName: 'Cu', familyName: 'R', sendWelcomeEmail: false })).body.id;
    await api.post('/v1/integrations/salesforce/backfill', { userIds: [userId] });
    const page = await eventually(() => api.get(`/v1/deals?ownerId=${userId}&limit=2`), (response) => response.body.nextCursor !== null);
    const misuse = await api.get(`/v1/deals?ownerId=${adminUserId}&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(misuse.status).toBe(400);
    expect(misuse.body.errors[0].field).toBe('cursor');
  });

  it('keeps a deleted user\'s deals', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesforce']);
    const email = await seededEmail('leaver');
    const userId = (await api.post('/v1/users', { email, givenName: 'Le', familyName: 'Ft', sendWelcomeEmail: false })).body.id;
    await api.post('/v1/integrations/salesforce/backfill', { userIds: [userId] });
    await eventually(() => api.get(`/v1/users/${userId}`), (response) => response.body.needsSync.length === 0);
    expect((await api.delete(`/v1/users/${userId}`)).status).toBe(204);
    expect((await api.get(`/v1/deals?ownerId=${userId}`)).body.deals).toHaveLength(5);
  });
});
