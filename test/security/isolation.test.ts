import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDefinition, routeKey } from '../../functions/routes.ts';
import { type TestOrg, apiClient, createTestOrg } from '../support/api.ts';
import { type SampleRequest, type Victim, createVictim, samplesFor, snapshotOrg } from './victim.ts';

let attacker: TestOrg;
let attackerScimToken: string;
let victim: Victim;

beforeAll(async () => {
  [attacker, victim] = await Promise.all([createTestOrg(), createVictim()]);
  const { createToken } = await import('../../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');
  ({ token: attackerScimToken } = await createToken(
    tokenServiceDeps,
    { orgId: attacker.orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' },
    { kind: 'scim', name: 'attacker scim' },
  ));
});

function credentialFor(route: RouteDefinition): string | undefined {
  if (route.auth === 'admin') return attacker.adminToken;
  if (route.auth === 'scim') return attackerScimToken;
  return undefined;
}

function send(route: RouteDefinition, sample: SampleRequest, token: string | undefined) {
  const query = sample.query ? `?${new URLSearchParams(sample.query)}` : '';
  return apiClient(token).call(route.method, `${sample.path}${query}`, sample.body, sample.headers);
}

describe('tenant isolation', () => {
  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s never reaches another org', async (key, route) => {
    const samples = await samplesFor(route, victim);
    expect(samples, `${key} has no attack sample: add one to SAMPLES in test/security/victim.ts or an event under events/`).toBeDefined();

    for (const sample of samples!) {
      const before = await snapshotOrg(victim.org.orgId);
      const response = await send(route, sample, credentialFor(route));
      const label = `${key} ${sample.path} (${sample.expect})`;

      expect(response.status, label).toBeLessThan(500);
      const sent = JSON.stringify(sample);
      for (const marker of victim.markers.filter((value) => !sent.includes(value))) {
        expect(response.text, `${label} returned org B's ${marker}`).not.toContain(marker);
      }
      if (sample.expect === 'not_found') expect([403, 404], label).toContain(response.status);
      if (sample.expect === 'cursor_rejected') {
        expect(response.status, label).toBe(400);
        expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain('cursor');
      }
      if (sample.expect === 'each_not_found') {
        expect(response.status, label).toBe(200);
        for (const result of response.body.results) expect(result.error?.code, label).toBe('not_found');
      }
      expect(await snapshotOrg(victim.org.orgId), `${label} changed org B`).toBe(before);
    }
  });
});

describe('tokens across orgs', () => {
  it('rejects tokens spliced from two orgs', async () => {
    const [, orgA, userA, tokenA, secretA] = attacker.adminToken.split('.');
    const [, orgB, userB, tokenB, secretB] = victim.org.adminToken.split('.');
    const spliced = [
      ['rat', orgA, userB, tokenB, secretB],
      ['rat', orgB, userA, tokenA, secretA],
      ['rat', orgB, userB, tokenA, secretA],
      ['rat', orgB, userB, tokenB, secretA],
      ['rat', orgA, userA, tokenB, secretB],
    ].map((parts) => parts.join('.'));
    const before = await snapshotOrg(victim.org.orgId);
    for (const route of ROUTES.filter((candidate) => candidate.auth === 'admin')) {
      const samples = (await samplesFor(route, victim)) ?? [];
      for (const token of spliced) {
        const response = await send(route, samples[0]!, token);
        expect(response.status, `${routeKey(route)} with ${token.slice(0, 60)}…`).toBe(401);
      }
    }
    expect(await snapshotOrg(victim.org.orgId)).toBe(before);
  });

  it('rejects SCIM tokens on the admin API', async () => {
    const response = await apiClient(attackerScimToken).get('/v1/users');
    expect(response.status).toBe(401);
  });
});
