import { describe, expect, it } from 'vitest';
import { createTestOrg, newUserBody } from '../support/api.ts';

describe('validation errors', () => {
  it('name an unknown empty key', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users', { ...newUserBody('empty-key'), '': 1 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: '""', message: 'Unknown field "": remove it; see the API description for the accepted fields.' }]);
  });

  it('name an unknown empty query parameter', async () => {
    const { api } = await createTestOrg();
    const response = await api.get('/v1/users?=x');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['""']);
  });

  it('name a nested field by its index', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users/promote', { userIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope'] });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['userIds.1']);
  });
});
