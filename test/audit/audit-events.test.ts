import { describe, expect, it } from 'vitest';
import { DynamoAuditTrail, auditSortKeyRange } from '../../functions/adapters/dynamodb/audit-repository.ts';
import { ulid } from 'ulid';
import { documentClient } from '../../functions/commons/clients.ts';
import { createTestOrg, issueTokenFor, apiClient, newUserBody } from '../support/api.ts';
import { auditEvents } from './support.ts';

describe('GET /v1/audit-events', () => {
  it('pages newest first by default', async () => {
    const { api } = await createTestOrg();
    for (const name of ['p1', 'p2', 'p3']) await api.post('/v1/users', newUserBody(name));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/v1/audit-events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      ids.push(...page.body.events.map((event: { id: string }) => event.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // org.created, api_token.created and three user.created entries.
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('pages oldest first on request', async () => {
    const { api } = await createTestOrg();
    await api.post('/v1/users', newUserBody('o1'));
    const events = await auditEvents(api, { limit: '1' });
    expect(events.map((event) => event.action)).toEqual(['org.created', 'api_token.created', 'user.created']);
  });

  it('filters by actor and action', async () => {
    const { api, orgId } = await createTestOrg();
    const second = await api.post('/v1/users', newUserBody('admin2', { role: 'admin' }));
    const other = apiClient(await issueTokenFor(orgId, second.body.id));
    await other.post('/v1/users', newUserBody('by-second'));
    await api.post('/v1/users', newUserBody('by-first'));

    const bySecond = await auditEvents(api, { actor: second.body.id });
    expect(bySecond.map((event) => event.changes.email?.after)).toEqual(['by-second@example.com']);
    const byOperator = await auditEvents(api, { actor: 'test' });
    expect(byOperator.map((event) => event.action)).toEqual(['org.created', 'api_token.created', 'api_token.created']);
    const created = await auditEvents(api, { action: 'user.created' });
    expect(created).toHaveLength(3);
  });

  it('filters by time range', async () => {
    const { api } = await createTestOrg();
    const all = await auditEvents(api);
    const first = all[0]!;
    const last = all.at(-1)!;
    expect(await auditEvents(api, { from: first.at, to: last.at })).toHaveLength(all.length);
    expect(await auditEvents(api, { from: new Date(Date.parse(last.at) + 1).toISOString() })).toHaveLength(0);
    expect(await auditEvents(api, { to: new Date(Date.parse(first.at) - 1).toISOString() })).toHaveLength(0);
  });

  it('shows only the caller\'s org', async () => {
    const first = await createTestOrg();
    const second = await createTestOrg();
    await second.api.post('/v1/users', newUserBody('elsewhere'));
    const events = await auditEvents(first.api);
    expect(events.every((event) => event.target.id !== second.orgId && event.changes.email?.after !== 'elsewhere@example.com')).toBe(true);
    expect(await auditEvents(first.api, { userId: second.adminUserId })).toHaveLength(0);
  });

  it('rejects a cursor from another org or other filters', async () => {
    const first = await createTestOrg();
    const second = await createTestOrg();
    const page = await first.api.get('/v1/audit-events?limit=1');
    const cursor = encodeURIComponent(page.body.nextCursor);
    const foreign = await second.api.get(`/v1/audit-events?limit=1&cursor=${cursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('cursor');
    const refiltered = await first.api.get(`/v1/audit-events?limit=1&order=oldest&cursor=${cursor}`);
    expect(refiltered.status).toBe(400);
  });

  it('names each invalid query field', async () => {
    const { api } = await createTestOrg();
    const response = await api.get('/v1/audit-events?order=sideways&userId=nope&from=yesterday&action=DROP');
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((issue: { field: string }) => issue.field).sort();
    expect(fields).toEqual(['action', 'from', 'order', 'userId']);
  });

  it('rejects from later than to', async () => {
    const { api } = await createTestOrg();
    const response = await api.get('/v1/audit-events?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'from', message: 'Must not be later than to.' }]);
  });

  it('requires an admin token', async () => {
    expect((await apiClient(undefined).get('/v1/audit-events')).status).toBe(401);
  });
});

describe('audit trail repository', () => {
  it('bounds the sort key by ULID time', () => {
    const from = Date.parse('2026-12-04T00:00:00.000Z');
    const to = from + 1;
    const { lower, upper } = auditSortKeyRange(new Date(from).toISOString(), new Date(to).toISOString());
    const sk = (time: number) => `AUDIT#${ulid(time)}`;
    expect(sk(from) >= lower).toBe(true);
    expect(sk(to) <= upper).toBe(true);
    expect(sk(from - 1) < lower).toBe(true);
    expect(sk(to + 1) > upper).toBe(true);
    expect(auditSortKeyRange()).toEqual({ lower: 'AUDIT#', upper: 'AUDIT#~' });
  });

  it('resumes a sparse filter with a cursor', async () => {
    const { api, orgId } = await createTestOrg();
    for (let index = 0; index < 12; index++) await api.post('/v1/users', newUserBody(`s${index}`));
    const trail = new DynamoAuditTrail(documentClient);
    const first = await trail.list(orgId, { limit: 1, order: 'oldest', action: 'org.created' });
    expect(first.items.map((entry) => entry.action)).toEqual(['org.created']);
    // The one match is followed by thirteen non-matching entries, read two at a time at most five times: the page ends early with a position.
    expect(first.nextKey).toBeDefined();
    let next = first.nextKey;
    let later = 0;
    while (next) {
      const page = await trail.list(orgId, { limit: 1, order: 'oldest', action: 'org.created', after: next });
      later += page.items.length;
      next = page.nextKey;
    }
    expect(later).toBe(0);
  });
});
