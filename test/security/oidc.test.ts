import { SignJWT, base64url, exportJWK, generateKeyPair, importJWK } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { mintAccessToken } from '../../local/oidc-issuer.ts';
import { apiClient, createTestOrg, newUserBody } from '../support/api.ts';

const oidc = () => inject('oidc');

async function mint(orgId: string, email: string, overrides: { issuer?: string; audience?: string; expiresInSeconds?: number; claims?: Record<string, unknown> } = {}) {
  const { issuer, audience, key } = oidc();
  return mintAccessToken({ issuer: overrides.issuer ?? issuer, audience: overrides.audience ?? audience, key, orgId, email, ...overrides });
}

/** Signs an access token like the local issuer does, but with the given `iat` (seconds since the epoch; undefined leaves it out). */
async function mintIssuedAt(orgId: string, email: string, issuedAt: number | undefined) {
  const { issuer, audience, key } = oidc();
  const jwt = new SignJWT({ roster_org_id: orgId, email, email_verified: true })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(`local|${email}`)
    .setExpirationTime('1h');
  if (issuedAt !== undefined) jwt.setIssuedAt(issuedAt);
  return jwt.sign(await importJWK(key.privateJwk, 'RS256'));
}

const secondsAgo = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;

async function expectRejected(token: string) {
  const response = await apiClient(token).get('/v1/users');
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('www-authenticate')).toContain('Bearer');
  return response.body as { detail: string; code: string };
}

describe('OIDC access tokens', () => {
  it('admit an active admin of the org in the org claim', async () => {
    const org = await createTestOrg();
    const email = (await org.api.get('/v1/users?role=admin')).body.users[0].email as string;
    // Email lookup ignores case, as the uniqueness rule does.
    const viaJwt = await apiClient(await mint(org.orgId, email.toUpperCase())).get('/v1/settings');
    expect(viaJwt.status).toBe(200);
    expect(viaJwt.body.orgId).toBe(org.orgId);
  });

  it('allow writes by an OIDC admin', async () => {
    const org = await createTestOrg();
    const email = (await org.api.get('/v1/users?role=admin')).body.users[0].email as string;
    const created = await apiClient(await mint(org.orgId, email)).post('/v1/users', newUserBody('oidc-made'));
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('oidc-made@example.com');
  });

  it('forbid a member', async () => {
    const org = await createTestOrg();
    await org.api.post('/v1/users', newUserBody('plain-member'));
    const response = await apiClient(await mint(org.orgId, 'plain-member@example.com')).get('/v1/users');
    expect(response.status).toBe(403);
  });

  it('reject a suspended or deleted admin on the next request', async () => {
    const org = await createTestOrg();
    const admin = await org.api.post('/v1/users', newUserBody('jwt-admin', { role: 'admin' }));
    const token = await mint(org.orgId, 'jwt-admin@example.com');
    expect((await apiClient(token).get('/v1/users')).status).toBe(200);
    await org.api.post(`/v1/users/${admin.body.id}/suspend`);
    await expectRejected(token);
    await org.api.post(`/v1/users/${admin.body.id}/reactivate`);
    expect((await apiClient(token).get('/v1/users')).status).toBe(200);
    await org.api.delete(`/v1/users/${admin.body.id}`);
    await expectRejected(token);
  });

  it('reject a token issued before a delete and restore', async () => {
    const org = await createTestOrg();
    const admin = await org.api.post('/v1/users', newUserBody('jwt-restored', { role: 'admin' }));
    // Issued in the second the user was created; `iat` has whole seconds, so the delete must fall in a later one.
    const createdSecond = Math.floor(Date.parse(admin.body.createdAt) / 1000);
    const old = await mintIssuedAt(org.orgId, 'jwt-restored@example.com', createdSecond);
    expect((await apiClient(old).get('/v1/users')).status).toBe(200);
    const untilNextSecond = (createdSecond + 1) * 1000 - Date.now();
    if (untilNextSecond > 0) await new Promise((resolve) => setTimeout(resolve, untilNextSecond + 5));

    expect((await org.api.delete(`/v1/users/${admin.body.id}`)).status).toBe(204);
    expect((await org.api.post(`/v1/users/${admin.body.id}/restore`)).status).toBe(200);
    await expectRejected(old);
    expect((await apiClient(await mint(org.orgId, 'jwt-restored@example.com')).get('/v1/users')).status).toBe(200);
  });

  it('reject a token issued before its email moved to a new user', async () => {
    const org = await createTestOrg();
    const first = await org.api.post('/v1/users', newUserBody('jwt-reused', { role: 'admin' }));
    const old = await mintIssuedAt(org.orgId, 'jwt-reused@example.com', secondsAgo(120));
    expect((await org.api.patch(`/v1/users/${first.body.id}`, { email: 'jwt-moved@example.com' })).status).toBe(200);
    expect((await org.api.post('/v1/users', newUserBody('jwt-reused', { role: 'admin' }))).status).toBe(201);

    await expectRejected(old);
    expect((await apiClient(await mint(org.orgId, 'jwt-reused@example.com')).get('/v1/users')).status).toBe(200);
  });

  it('reject a token without iat', async () => {
    const org = await createTestOrg();
    const email = (await org.api.get('/v1/users?role=admin')).body.users[0].email as string;
    const body = await expectRejected(await mintIssuedAt(org.orgId, email, undefined));
    expect(body.code).toBe('unauthorized');
  });

  it('reject every forged or mismatched token with one message', async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    await other.api.post('/v1/users', newUserBody('other-admin', { role: 'admin' }));
    const email = (await org.api.get('/v1/users?role=admin')).body.users[0].email as string;
    const { issuer, audience, key } = oidc();

    const stranger = await generateKeyPair('RS256', { extractable: true });
    const badSignature = await new SignJWT({ roster_org_id: org.orgId, email })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(stranger.privateKey);
    const unsigned = [
      base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      base64url.encode(JSON.stringify({ iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 3600, roster_org_id: org.orgId, email })),
      '',
    ].join('.');
    // Algorithm confusion: an HMAC token keyed with the issuer's public key material.
    const publicJwk = await exportJWK(await importJWK({ kty: key.privateJwk.kty, n: key.privateJwk.n, e: key.privateJwk.e }, 'RS256'));
    const hmac = await new SignJWT({ roster_org_id: org.orgId, email })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));

    const cases: Record<string, string> = {
      'wrong issuer': await mint(org.orgId, email, { issuer: 'http://127.0.0.1:1/other' }),
      'wrong audience': await mint(org.orgId, email, { audience: 'someone-else' }),
      expired: await mint(org.orgId, email, { expiresInSeconds: -120 }),
      'bad signature': badSignature,
      'alg none': unsigned,
      'HS256 with the public key': hmac,
      'unknown email': await mint(org.orgId, 'nobody@example.com'),
      "another org's admin": await mint(org.orgId, 'other-admin@example.com'),
      'unverified email': await mint(org.orgId, email, { claims: { email_verified: false } }),
      'org claim not an id': await mint('../../ORG#x', email),
      'missing org claim': await mint(org.orgId, email, { claims: { roster_org_id: undefined } }),
      'truncated token': (await mint(org.orgId, email)).slice(0, -10),
    };
    const details = new Set<string>();
    for (const [name, token] of Object.entries(cases)) {
      const body = await expectRejected(token);
      expect(body.code, name).toBe('unauthorized');
      details.add(body.detail);
    }
    expect([...details]).toHaveLength(1);
  });

  it('reject a SCIM token on the admin API', async () => {
    const org = await createTestOrg();
    const scimShaped = `rsc.${org.orgId}.01ARZ3NDEKTSV4RRFFQ69G5FAV.${'A'.repeat(43)}`;
    await expectRejected(scimShaped);
  });
});
