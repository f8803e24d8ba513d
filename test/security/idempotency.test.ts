import { describe, expect, it } from 'vitest';
import { apiClient, createTestOrg, issueTokenFor, newUserBody } from '../support/api.ts';

const key = (name: string) => ({ 'idempotency-key': `${name}-${crypto.randomUUID()}` });

async function countUsers(api: ReturnType<typeof apiClient>, email: string) {
  const list = await api.get('/v1/users?limit=100');
  return list.body.users.filter((user: { email: string }) => user.email === email).length;
}

describe('Idempotency-Key', () => {
  it('replays the first response to a retry', async () => {
    const { api } = await createTestOrg();
    const headers = key('create');
    const first = await api.post('/v1/users', newUserBody('idem-ann'), headers);
    const retry = await api.post('/v1/users', newUserBody('idem-ann'), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await countUsers(api, 'idem-ann@example.com')).toBe(1);
  });

  it('rejects a reused key with another body', async () => {
    const { api } = await createTestOrg();
    const headers = key('reuse');
    expect((await api.post('/v1/users', newUserBody('idem-bo'), headers)).status).toBe(201);
    const reused = await api.post('/v1/users', newUserBody('idem-cy'), headers);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');
    expect(await countUsers(api, 'idem-cy@example.com')).toBe(0);
  });

  it('rejects a reused key for another user id', async () => {
    const { api } = await createTestOrg();
    const a = await api.post('/v1/users', newUserBody('idem-sa'));
    const b = await api.post('/v1/users', newUserBody('idem-sb'));
    const headers = key('suspend');
    expect((await api.post(`/v1/users/${a.body.id}/suspend`, undefined, headers)).status).toBe(200);
    const other = await api.post(`/v1/users/${b.body.id}/suspend`, undefined, headers);
    expect(other.status).toBe(422);
    expect((await api.get(`/v1/users/${b.body.id}`)).body.status).toBe('active');
  });

  it('keeps keys apart per caller', async () => {
    const { api, orgId } = await createTestOrg();
    const second = await api.post('/v1/users', newUserBody('idem-second', { role: 'admin' }));
    const secondApi = apiClient(await issueTokenFor(orgId, second.body.id));
    const headers = key('shared');
    expect((await api.post('/v1/users', newUserBody('idem-dee'), headers)).status).toBe(201);
    // Another caller with the same key runs its own request, which finds the email taken.
    const other = await secondApi.post('/v1/users', newUserBody('idem-dee'), headers);
    expect(other.status).toBe(409);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('stores nothing for a failed request', async () => {
    const { api } = await createTestOrg();
    const existing = await api.post('/v1/users', newUserBody('idem-eve'));
    const headers = key('fail');
    expect((await api.post('/v1/users', newUserBody('idem-eve'), headers)).status).toBe(409);
    await api.delete(`/v1/users/${existing.body.id}`);
    const retry = await api.post('/v1/users', newUserBody('idem-eve'), headers);
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(existing.body.id);
  });

  it('rejects an invalid key', async () => {
    const { api } = await createTestOrg();
    for (const value of ['has space', 'x'.repeat(256), 'ü-not-ascii']) {
      const response = await api.post('/v1/users', newUserBody('idem-fay'), { 'idempotency-key': value });
      expect(response.status, value).toBe(400);
      expect(response.body.errors[0].field).toBe('Idempotency-Key');
    }
    expect(await countUsers(api, 'idem-fay@example.com')).toBe(0);
  });

  it('is rejected on token creation', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/api-tokens', { name: 'ci' }, key('token'));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('Idempotency-Key');
    expect((await api.get('/v1/api-tokens')).body.tokens).toHaveLength(1);
  });
});
