import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestOrg } from '../support/api.ts';
import { connectBoth, deadLetters, eventually, fakeControl, seededEmail, statusOf, syncOf } from './support.ts';

const settled = (status: string | undefined) => status === 'synced' || status === 'failed' || status === 'needs_sync';

describe('backfill end to end', () => {
  it('clears Need Sync and lists deals and calls', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesforce', 'gong']);
    const email = await seededEmail('e2e');
    const added = await api.post('/v1/users', { email, givenName: 'Eve', familyName: 'Ng', sendWelcomeEmail: false });
    expect(added.status).toBe(201);
    const userId = added.body.id;
    expect(added.body.needsSync).toEqual(['salesforce', 'gong']);

    for (const integration of ['salesforce', 'gong']) {
      const response = await api.post(`/v1/integrations/${integration}/backfill`, { userIds: [userId] });
      expect(response.status).toBe(202);
      expect(response.body.queued).toBe(1);
    }

    const user = await eventually(() => api.get(`/v1/users/${userId}`), (response) => response.body.needsSync.length === 0);
    expect(user.body.needsSync).toEqual([]);
    const sync = await syncOf(api, userId);
    expect(statusOf(sync, 'salesforce')).toBe('synced');
    expect(statusOf(sync, 'gong')).toBe('synced');

    const deals = await api.get(`/v1/deals?ownerId=${userId}&limit=3`);
    expect(deals.status).toBe(200);
    expect(deals.body.deals).toHaveLength(3);
    expect(deals.body.deals[0]).toMatchObject({ ownerId: userId, integration: 'salesforce' });
    const rest = await api.get(`/v1/deals?ownerId=${userId}&limit=3&cursor=${encodeURIComponent(deals.body.nextCursor)}`);
    expect(rest.body.deals).toHaveLength(2);
    expect(rest.body.nextCursor).toBeNull();

    const calls = await api.get(`/v1/users/${userId}/calls`);
    expect(calls.body.calls).toHaveLength(5);
    expect(calls.body.calls[0]).toMatchObject({ ownerId: userId, integration: 'gong' });
  });

  it('defaults to every active user needing sync', async () => {
    const { api, adminUserId } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['hubspot']);
    const emails = [await seededEmail('all1'), await seededEmail('all2')];
    for (const email of emails) await api.post('/v1/users', { email, givenName: 'A', familyName: 'B', sendWelcomeEmail: false });
    const listed = await api.get('/v1/integrations');
    expect(listed.body.integrations.find((entry: { integration: string }) => entry.integration === 'hubspot')).toEqual({
      integration: 'hubspot',
      connected: true,
      usersNeedingSync: 3,
    });

    const first = await api.post('/v1/integrations/hubspot/backfill');
    expect(first.status).toBe(202);
    expect(first.body.queued).toBe(3);
    const counts = await eventually(
      () => api.get('/v1/integrations'),
      (response) => response.body.integrations.find((entry: { integration: string }) => entry.integration === 'hubspot').usersNeedingSync === 1,
    );
    // The org's first admin (adminN@example.com) is unknown to the fake, so they stay Need Sync.
    expect(counts.body.integrations.find((entry: { integration: string }) => entry.integration === 'hubspot').usersNeedingSync).toBe(1);
    const admin = await syncOf(api, adminUserId);
    expect(['queued', 'running', 'failed']).toContain(statusOf(admin, 'hubspot'));
  });

  it('queues nothing new while a backfill is pending', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesloft']);
    const email = await seededEmail('twice');
    const userId = (await api.post('/v1/users', { email, givenName: 'T', familyName: 'W', sendWelcomeEmail: false })).body.id;
    await fakeControl('salesloft', 'POST', 'faults', { email, fault: 'hold' });
    const first = await api.post('/v1/integrations/salesloft/backfill', { userIds: [userId] });
    const second = await api.post('/v1/integrations/salesloft/backfill', { userIds: [userId] });
    await fakeControl('salesloft', 'POST', 'release', { email });
    expect(first.body.queued).toBe(1);
    expect(second.body.queued).toBe(0);
    expect(second.body.skipped).toEqual([{ userId, reason: 'already_queued' }]);
  });

  it('keeps Need Sync after an email change mid-backfill', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesforce']);
    const email = await seededEmail('moving');
    const userId = (await api.post('/v1/users', { email, givenName: 'M', familyName: 'V', sendWelcomeEmail: false })).body.id;
    await fakeControl('salesforce', 'POST', 'faults', { email, fault: 'hold' });
    expect((await api.post('/v1/integrations/salesforce/backfill', { userIds: [userId] })).body.queued).toBe(1);
    await eventually(() => fakeControl('salesforce', 'GET', `requests?email=${encodeURIComponent(email)}`), (counts) => counts.held === 1);

    const changed = await api.patch(`/v1/users/${userId}`, { email: `new-${email}` });
    expect(changed.status).toBe(200);
    await fakeControl('salesforce', 'POST', 'release', { email });

    const sync = await eventually(() => syncOf(api, userId), (body) => settled(statusOf(body, 'salesforce')) && body.integrations[0].reason !== undefined);
    expect(statusOf(sync, 'salesforce')).toBe('needs_sync');
    expect(sync.integrations[0].reason).toMatch(/^email_changed/);
    expect((await api.get(`/v1/users/${userId}`)).body.needsSync).toEqual(['salesforce']);
  });

  it('moves a poisoned message to the DLQ and keeps the batch', async () => {
    const { api, orgId } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['gong']);
    const users: string[] = [];
    for (const name of ['p1', 'p2']) {
      const email = await seededEmail(name);
      users.push((await api.post('/v1/users', { email, givenName: 'P', familyName: name, sendWelcomeEmail: false })).body.id);
    }
    const marker = `poison-${orgId}`;
    const client = new SQSClient({});
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: inject('stack').queueUrls['backfill-gong']!,
        Entries: [
          ...users.map((userId, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ orgId, userId, integration: 'gong', generation: 1, requestedAt: new Date().toISOString() }),
          })),
          { Id: 'poison', MessageBody: marker },
        ],
      }),
    );
    client.destroy();

    for (const userId of users) {
      const user = await eventually(() => api.get(`/v1/users/${userId}`), (response) => response.body.needsSync.length === 0);
      expect(user.body.needsSync).toEqual([]);
    }
    const dead = await eventually(() => deadLetters('backfill-gong'), (bodies) => bodies.includes(marker));
    expect(dead).toContain(marker);
  });

  it('sends an unknown user to the DLQ with a failed status', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['salesloft']);
    const userId = (await api.post('/v1/users', { email: 'nobody-known@example.com', givenName: 'N', familyName: 'K', sendWelcomeEmail: false })).body.id;
    await api.post('/v1/integrations/salesloft/backfill', { userIds: [userId] });
    const dead = await eventually(() => deadLetters('backfill-salesloft'), (bodies) => bodies.some((body) => body.includes(userId)));
    expect(dead.some((body) => body.includes(userId))).toBe(true);
    const sync = await syncOf(api, userId);
    expect(sync.integrations[0]).toMatchObject({ integration: 'salesloft', status: 'failed', attempts: 3 });
    expect(sync.integrations[0].reason).toMatch(/^provider_user_not_found/);
    expect(sync.needsSync).toEqual(['salesloft']);
  });

  it('retries after a provider outage', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await connectBoth(api, ['hubspot']);
    const email = await seededEmail('outage');
    const userId = (await api.post('/v1/users', { email, givenName: 'O', familyName: 'U', sendWelcomeEmail: false })).body.id;
    await fakeControl('hubspot', 'POST', 'faults', { email, fault: 500, times: 1 });
    await api.post('/v1/integrations/hubspot/backfill', { userIds: [userId] });

    const sync = await eventually(() => syncOf(api, userId), (body) => statusOf(body, 'hubspot') === 'synced');
    expect(sync.integrations[0]).toMatchObject({ status: 'synced', records: 5, attempts: 2 });
    expect(sync.needsSync).toEqual([]);
  });

  it('records rejected credentials as failed', async () => {
    const { api } = await createTestOrg({ integrations: [] });
    await api.put('/v1/integrations/gong', { accessKey: 'fake-gong-key', accessKeySecret: 'revoked' });
    const email = await seededEmail('badcreds');
    const userId = (await api.post('/v1/users', { email, givenName: 'B', familyName: 'C', sendWelcomeEmail: false })).body.id;
    await api.post('/v1/integrations/gong/backfill', { userIds: [userId] });

    const sync = await eventually(() => syncOf(api, userId), (body) => statusOf(body, 'gong') === 'failed');
    expect(sync.integrations[0].status).toBe('failed');
    expect(sync.integrations[0].reason).toMatch(/^provider_auth_failed/);
    expect(sync.needsSync).toEqual(['gong']);
  });
});
