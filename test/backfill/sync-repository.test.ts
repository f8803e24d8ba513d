import { describe, expect, it } from 'vitest';
import { DynamoSyncRepository } from '../../functions/adapters/dynamodb/sync-repository.ts';
import { documentClient } from '../../functions/commons/clients.ts';
import { syncViews } from '../../functions/domain/backfill.ts';
import { createTestOrg, newUserBody } from '../support/api.ts';

const sync = new DynamoSyncRepository(documentClient);
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 4, 12, minutes)).toISOString();

describe('sync repository', () => {
  it('claims queued once per generation', async () => {
    const { orgId, adminUserId } = await createTestOrg();
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 1, at(0))).toBe(true);
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 1, at(1))).toBe(false);
    expect(await sync.claimQueued(orgId, adminUserId, 'salesforce', 1, at(1))).toBe(true);
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 2, at(2))).toBe(true);
  });

  it('claims again after a pending status expires', async () => {
    const { orgId, adminUserId } = await createTestOrg();
    await sync.setStatus(orgId, adminUserId, { integration: 'gong', status: 'running', updatedAt: at(0), generation: 1 });
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 1, at(30))).toBe(false);
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 1, at(61))).toBe(true);
  });

  it('claims again after a failure', async () => {
    const { orgId, adminUserId } = await createTestOrg();
    await sync.setStatus(orgId, adminUserId, { integration: 'gong', status: 'failed', updatedAt: at(0), generation: 1, reason: 'x', attempts: 3 });
    expect(await sync.claimQueued(orgId, adminUserId, 'gong', 1, at(1))).toBe(true);
  });

  it('clears only the integration of the current generation', async () => {
    const { orgId, api } = await createTestOrg({ integrations: ['salesforce', 'gong'] });
    const userId = (await api.post('/v1/users', newUserBody('gen'))).body.id;
    const stale = await sync.completeSync(orgId, userId, { integration: 'gong', status: 'synced', updatedAt: at(0), generation: 2, records: 1 });
    expect(stale).toBe(false);
    expect((await api.get(`/v1/users/${userId}`)).body.needsSync).toEqual(['salesforce', 'gong']);
    const [record] = await sync.statuses(orgId, userId);
    expect(record).toMatchObject({ integration: 'gong', status: 'needs_sync', generation: 2 });

    expect(await sync.completeSync(orgId, userId, { integration: 'gong', status: 'synced', updatedAt: at(1), generation: 1, records: 4 })).toBe(true);
    expect((await api.get(`/v1/users/${userId}`)).body.needsSync).toEqual(['salesforce']);
  });

  it('counts active users needing sync', async () => {
    const { orgId, api } = await createTestOrg({ integrations: ['salesforce', 'gong'] });
    const suspended = (await api.post('/v1/users', newUserBody('cnt-s'))).body.id;
    await api.post(`/v1/users/${suspended}/suspend`);
    await api.post('/v1/users', newUserBody('cnt-a'));
    expect(await sync.countNeedingSync(orgId)).toEqual({ salesforce: 2, hubspot: 0, gong: 2, salesloft: 0 });
  });
});

describe('syncViews', () => {
  const user = { needsSync: ['gong'], syncGeneration: 2 } as Parameters<typeof syncViews>[0];

  it('shows needs_sync, synced and pending states', () => {
    const views = syncViews(user, ['salesforce', 'gong', 'hubspot'], [
      { integration: 'salesforce', status: 'synced', updatedAt: at(0), generation: 1, records: 3 },
      { integration: 'hubspot', status: 'running', updatedAt: at(0), generation: 2, attempts: 1 },
    ]);
    expect(views).toEqual([
      { integration: 'salesforce', status: 'synced', updatedAt: at(0), records: 3 },
      { integration: 'gong', status: 'needs_sync' },
      { integration: 'hubspot', status: 'running', updatedAt: at(0), attempts: 1 },
    ]);
  });

  it('ignores a pending status of an old generation', () => {
    const [view] = syncViews(user, ['gong'], [{ integration: 'gong', status: 'queued', updatedAt: at(0), generation: 1 }]);
    expect(view).toEqual({ integration: 'gong', status: 'needs_sync' });
  });
});
