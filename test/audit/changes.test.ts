import { describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../../functions/domain/token-service.ts';
import { orgs, tokenServiceDeps } from '../../functions/commons/dependencies.ts';
import { systemClock, ulidGenerator } from '../../functions/commons/ids.ts';
import { NotFoundError } from '../../functions/domain/errors.ts';
import { apiClient, createTestOrg, issueTokenFor, newUserBody } from '../support/api.ts';
import { auditEvents } from './support.ts';

describe('audit entry per change', () => {
  it('records org creation by the operator', async () => {
    const org = await createTestOrg();
    const [created] = await auditEvents(org.api, { action: 'org.created' });
    expect(created).toMatchObject({ actor: { type: 'operator', name: 'test' }, channel: 'operator', target: { type: 'user', id: org.adminUserId } });
    expect(created!.changes.role).toEqual({ before: null, after: 'admin' });
  });

  it('records a user added with each field after', async () => {
    const { api, adminUserId } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('ann'));
    const events = await auditEvents(api, { userId: created.body.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'user.created',
      actor: { type: 'user', userId: adminUserId },
      channel: 'admin_api',
      target: { type: 'user', id: created.body.id },
    });
    expect(events[0]!.requestId).toEqual(expect.any(String));
    expect(events[0]!.changes).toEqual({
      email: { before: null, after: 'ann@example.com' },
      givenName: { before: null, after: 'Test' },
      familyName: { before: null, after: 'ann' },
      role: { before: null, after: 'member' },
      status: { before: null, after: 'active' },
    });
  });

  it('records an email edit with only the changed field', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('bea'));
    await api.patch(`/v1/users/${created.body.id}`, { email: 'bea.new@example.com', givenName: 'Test' });
    const [updated, ...rest] = await auditEvents(api, { userId: created.body.id, action: 'user.updated' });
    expect(rest).toHaveLength(0);
    expect(updated!.changes).toEqual({ email: { before: 'bea@example.com', after: 'bea.new@example.com' } });
  });

  it('records promote and demote as role changes', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('cal'));
    await api.post('/v1/users/promote', { userIds: [created.body.id] });
    await api.post('/v1/users/demote', { userIds: [created.body.id] });
    const events = await auditEvents(api, { userId: created.body.id });
    expect(events.map((event) => event.action)).toEqual(['user.created', 'user.promoted', 'user.demoted']);
    expect(events[1]!.changes).toEqual({ role: { before: 'member', after: 'admin' } });
    expect(events[2]!.changes).toEqual({ role: { before: 'admin', after: 'member' } });
  });

  it('records one entry per user of a bulk promote', async () => {
    const { api, adminUserId } = await createTestOrg();
    const first = await api.post('/v1/users', newUserBody('bulk-1'));
    const second = await api.post('/v1/users', newUserBody('bulk-2'));
    const deleted = await api.post('/v1/users', newUserBody('bulk-3'));
    await api.delete(`/v1/users/${deleted.body.id}`);
    const response = await api.post('/v1/users/promote', { userIds: [first.body.id, second.body.id, deleted.body.id, adminUserId] });
    expect(response.body.results.map((result: { outcome: string }) => result.outcome)).toEqual(['updated', 'updated', 'failed', 'unchanged']);
    const promoted = await auditEvents(api, { action: 'user.promoted' });
    expect(promoted.map((event) => event.target.id).sort()).toEqual([first.body.id, second.body.id].sort());
  });

  it('records each status transition once', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('dee'));
    const id = created.body.id;
    expect((await api.post(`/v1/users/${id}/suspend`)).status).toBe(200);
    expect((await api.post(`/v1/users/${id}/reactivate`)).status).toBe(200);
    expect((await api.delete(`/v1/users/${id}`)).status).toBe(204);
    expect((await api.post(`/v1/users/${id}/restore`)).status).toBe(200);
    const events = await auditEvents(api, { userId: id });
    expect(events.map((event) => event.action)).toEqual(['user.created', 'user.suspended', 'user.reactivated', 'user.deleted', 'user.restored']);
    expect(events.slice(1).map((event) => event.changes)).toEqual([
      { status: { before: 'active', after: 'suspended' } },
      { status: { before: 'suspended', after: 'active' } },
      { status: { before: 'active', after: 'deleted' } },
      { status: { before: 'deleted', after: 'active' } },
    ]);
  });

  it('records a settings change on the org', async () => {
    const { api, orgId } = await createTestOrg({ welcomeEmailsDefault: true });
    await api.patch('/v1/settings', { welcomeEmailsDefault: false, autoBackfill: false });
    const events = await auditEvents(api, { action: 'settings.updated' });
    expect(events).toHaveLength(1);
    expect(events[0]!.target).toEqual({ type: 'org', id: orgId });
    expect(events[0]!.changes).toEqual({ welcomeEmailsDefault: { before: true, after: false } });
  });

  it('records connected integrations', async () => {
    const { api, orgId } = await createTestOrg({ integrations: ['salesforce'] });
    await orgs.setIntegrations(orgId, ['hubspot', 'salesforce'], {
      orgId,
      eventId: ulidGenerator.next(),
      at: systemClock.now(),
      action: 'integrations.updated',
      actor: { type: 'operator', name: 'test' },
      channel: 'operator',
      target: { type: 'integration', id: 'hubspot' },
      changes: { integrations: { before: ['salesforce'], after: ['hubspot', 'salesforce'] } },
    });
    const events = await auditEvents(api, { action: 'integrations.updated' });
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.integrations).toEqual({ before: ['salesforce'], after: ['hubspot', 'salesforce'] });
    expect((await orgs.get(orgId))!.integrations).toEqual(['salesforce', 'hubspot']);
  });

  it('records admin tokens without the secret', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/api-tokens', { name: 'ci' });
    expect((await api.delete(`/v1/api-tokens/${created.body.id ?? created.body.tokenId}`)).status).toBe(204);
    const events = await auditEvents(api, { actor: created.body.userId });
    const tokenEvents = events.filter((event) => event.target.type === 'token' && event.target.id === created.body.tokenId);
    expect(tokenEvents.map((event) => event.action)).toEqual(['api_token.created', 'api_token.revoked']);
    expect(tokenEvents[0]!.changes).toEqual({ name: { before: null, after: 'ci' }, expiresAt: { before: null, after: null } });
    const secret = (created.body.token as string).split('.').at(-1)!;
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('records SCIM token creation and revocation', async () => {
    const { api, orgId } = await createTestOrg();
    const operator = { orgId, actor: { type: 'operator' as const, name: 'test' }, channel: 'operator' as const };
    const { record } = await createToken(tokenServiceDeps, operator, { kind: 'scim', name: 'okta' });
    await revokeToken(tokenServiceDeps, operator, 'scim', record.tokenId);
    const events = (await auditEvents(api)).filter((event) => event.target.id === record.tokenId);
    expect(events.map((event) => event.action)).toEqual(['scim_token.created', 'scim_token.revoked']);
  });
});

describe('no audit entry for a failed change', () => {
  it('writes none for a duplicate email', async () => {
    const { api } = await createTestOrg();
    await api.post('/v1/users', newUserBody('eve'));
    const duplicate = await api.post('/v1/users', newUserBody('eve'));
    expect(duplicate.status).toBe(409);
    expect(await auditEvents(api, { action: 'user.created' })).toHaveLength(1);
  });

  it('writes none for an email edit to a taken address', async () => {
    const { api } = await createTestOrg();
    await api.post('/v1/users', newUserBody('fay'));
    const gus = await api.post('/v1/users', newUserBody('gus'));
    expect((await api.patch(`/v1/users/${gus.body.id}`, { email: 'fay@example.com' })).status).toBe(409);
    expect(await auditEvents(api, { action: 'user.updated' })).toHaveLength(0);
  });

  it('writes none for the last admin', async () => {
    const { api, adminUserId } = await createTestOrg();
    const demote = await api.post('/v1/users/demote', { userIds: [adminUserId] });
    expect(demote.body.results[0].outcome).toBe('failed');
    expect((await api.delete(`/v1/users/${adminUserId}`)).status).toBe(409);
    expect((await api.post(`/v1/users/${adminUserId}/suspend`)).status).toBe(409);
    const events = await auditEvents(api, { userId: adminUserId });
    expect(events.map((event) => event.action)).toEqual(['org.created']);
  });

  it('writes none for a stale If-Match', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('hal'));
    const etag = created.headers.get('etag')!;
    await api.patch(`/v1/users/${created.body.id}`, { givenName: 'Hal' }, { 'if-match': etag });
    const stale = await api.patch(`/v1/users/${created.body.id}`, { givenName: 'Hank' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    const events = await auditEvents(api, { userId: created.body.id });
    expect(events.map((event) => event.action)).toEqual(['user.created', 'user.updated']);
  });

  it('writes none for invalid or empty changes', async () => {
    const { api } = await createTestOrg();
    const created = await api.post('/v1/users', newUserBody('ida'));
    expect((await api.patch(`/v1/users/${created.body.id}`, { email: 'not-an-email' })).status).toBe(400);
    expect((await api.patch(`/v1/users/${created.body.id}`, { givenName: 'Test' })).status).toBe(200);
    expect((await api.patch('/v1/settings', { autoBackfill: false })).status).toBe(200);
    expect(await auditEvents(api, { userId: created.body.id })).toHaveLength(1);
    expect(await auditEvents(api, { action: 'settings.updated' })).toHaveLength(0);
  });

  it('writes none for a repeated or foreign revoke', async () => {
    const { api, orgId } = await createTestOrg();
    const created = await api.post('/v1/api-tokens', { name: 'ci' });
    const second = await api.post('/v1/users', newUserBody('jo', { role: 'admin' }));
    const other = apiClient(await issueTokenFor(orgId, second.body.id));
    expect((await other.delete(`/v1/api-tokens/${created.body.tokenId}`)).status).toBe(404);
    expect((await api.delete(`/v1/api-tokens/${created.body.tokenId}`)).status).toBe(204);
    expect((await api.delete(`/v1/api-tokens/${created.body.tokenId}`)).status).toBe(404);
    expect(await auditEvents(api, { action: 'api_token.revoked' })).toHaveLength(1);
  });

  it('writes none for integrations of a missing org', async () => {
    const missingOrgId = ulidGenerator.next();
    const entry = {
      orgId: missingOrgId,
      eventId: ulidGenerator.next(),
      at: systemClock.now(),
      action: 'integrations.updated',
      actor: { type: 'operator' as const, name: 'test' },
      channel: 'operator' as const,
      target: { type: 'integration' as const, id: 'gong' },
      changes: {},
    };
    await expect(orgs.setIntegrations(missingOrgId, ['gong'], entry)).rejects.toBeInstanceOf(NotFoundError);
    const { auditTrail } = await import('../../functions/commons/dependencies.ts');
    expect((await auditTrail.list(missingOrgId, { limit: 10, order: 'newest' })).items).toHaveLength(0);
  });
});
