import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { functionId } from '../../functions/routes.ts';
import { routeMatcher, toApiGatewayEvent } from '../../local/http-front.ts';
import { loadHandler } from '../../local/handlers.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { mintAccessToken } from '../../local/oidc-issuer.ts';
import { createTestOrg, newUserBody } from '../support/api.ts';

/**
 * Runs handlers in this process with every log level on, captures all that
 * they write, and searches it for secrets and personal data. The
 * POWERTOOLS_LOGGER_LOG_EVENT switch is on too: an operator may flip it while
 * debugging, and it must still not put whole events, with their
 * Authorization headers, in the log.
 */
vi.hoisted(() => {
  // Powertools reads these when the logger is built, and goes back to that level on every invocation.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
});

const captured: string[] = [];
const match = routeMatcher();

beforeAll(() => {
  const record = (...args: unknown[]) => {
    captured.push(args.map(String).join(' '));
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(record);
  const write = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write);
});

afterAll(() => {
  vi.restoreAllMocks();
});

async function invoke(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const matched = match(method, path.split('?')[0]!)!;
  const event = toApiGatewayEvent(
    {
      method,
      url: path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
      sourceIp: '127.0.0.1',
    },
    matched,
  );
  const handler = await loadHandler(matched.route.handler);
  const result = (await handler(event, lambdaContext(functionId(matched.route.handler)))) as { statusCode: number; body: string };
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

describe('logs', () => {
  it('contain no tokens and no emails', async () => {
    const org = await createTestOrg();
    const tag = crypto.randomUUID().slice(0, 8);
    const emails = [`logged-${tag}@example.com`, `renamed-${tag}@example.com`, `member-${tag}@example.com`];
    const { issuer, audience, key } = inject('oidc');

    const created = await invoke('POST', '/v1/api-tokens', org.adminToken, { name: 'scan' });
    expect(created.status).toBe(201);
    const newToken = created.body.token as string;

    const user = await invoke('POST', '/v1/users', newToken, newUserBody(emails[0]!.split('@')[0]!), { 'idempotency-key': `key-${tag}` });
    expect(user.status).toBe(201);
    expect((await invoke('POST', '/v1/users', newToken, newUserBody(emails[0]!.split('@')[0]!))).status).toBe(409);
    expect((await invoke('PATCH', `/v1/users/${user.body.id}`, newToken, { email: emails[1] })).status).toBe(200);
    expect((await invoke('POST', '/v1/users', org.adminToken, newUserBody(emails[2]!.split('@')[0]!))).status).toBe(201);

    const adminEmail = (await invoke('GET', '/v1/users?role=admin', org.adminToken)).body.users[0].email as string;
    const jwt = await mintAccessToken({ issuer, audience, key, orgId: org.orgId, email: adminEmail });
    const memberJwt = await mintAccessToken({ issuer, audience, key, orgId: org.orgId, email: emails[2]! });
    const strangerJwt = await mintAccessToken({ issuer, audience: 'wrong', key, orgId: org.orgId, email: `stranger-${tag}@example.com` });
    const forged = newToken.replace(/.{4}$/, 'AAAA');
    expect((await invoke('GET', '/v1/settings', jwt)).status).toBe(200);
    expect((await invoke('GET', '/v1/users', memberJwt)).status).toBe(403);
    expect((await invoke('GET', '/v1/users', strangerJwt)).status).toBe(401);
    expect((await invoke('GET', '/v1/users', forged)).status).toBe(401);
    expect((await invoke('DELETE', `/v1/api-tokens/${created.body.tokenId}`, org.adminToken)).status).toBe(204);

    const text = captured.join('\n');
    // The scan must have seen the handlers' logs, or it proves nothing.
    expect(text).toContain('User added');
    expect(text).toContain('Request rejected');

    const secrets = [org.adminToken, newToken, newToken.split('.').at(-1)!, forged, jwt, memberJwt, strangerJwt, jwt.split('.')[2]!, adminEmail, ...emails];
    for (const secret of secrets) expect(text.includes(secret), `the log contains ${secret.slice(0, 24)}…`).toBe(false);
    expect(text.toLowerCase()).not.toContain('bearer ');
  });
});
