import { inject } from 'vitest';
import { createOrgWithAdmin } from '../../functions/operator/create-org.ts';
import type { Integration } from '../../functions/domain/integrations.ts';
import { type ResponseCheck, assertMatchesOpenApi } from './openapi.ts';

export const apiUrl = () => inject('stack').apiUrl;

export interface TestOrg {
  orgId: string;
  adminUserId: string;
  adminToken: string;
  api: ApiClient;
}

let orgCounter = 0;

/** Creates a fresh org through the operator function, so tests never share data. */
export async function createTestOrg(options: { integrations?: Integration[]; welcomeEmailsDefault?: boolean } = {}): Promise<TestOrg> {
  orgCounter++;
  const created = await createOrgWithAdmin({
    name: `Test Org ${orgCounter}`,
    adminEmail: `admin${orgCounter}@example.com`,
    integrations: options.integrations ?? ['salesforce', 'gong'],
    ...(options.welcomeEmailsDefault === undefined ? {} : { welcomeEmailsDefault: options.welcomeEmailsDefault }),
    operator: 'test',
  });
  return { orgId: created.orgId, adminUserId: created.adminUserId, adminToken: created.adminToken, api: apiClient(created.adminToken) };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * A small fetch wrapper over the HTTP front: JSON in, parsed JSON out. Every
 * response is checked against the OpenAPI document, so a handler that drifts
 * from its description fails the test that called it.
 */
export function apiClient(token: string | undefined, checkResponse: ResponseCheck = assertMatchesOpenApi) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${apiUrl()}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    checkResponse({ method, path: new URL(path, 'http://localhost').pathname, status: response.status, headers: response.headers, body: parsed, text });
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('PATCH', path, body, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('PUT', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => call<T>('DELETE', path, undefined, headers),
    call,
  };
}

export const newUserBody = (local: string, extra: Record<string, unknown> = {}) => ({
  email: `${local}@example.com`,
  givenName: 'Test',
  familyName: local,
  ...extra,
});

/** Issues an admin API token for any user of the org, as the operator would; lets tests act as a second admin. */
export async function issueTokenFor(orgId: string, userId: string): Promise<string> {
  const { createToken } = await import('../../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');
  const { token } = await createToken(
    tokenServiceDeps,
    { orgId, actor: { type: 'operator', name: 'test' }, channel: 'operator' },
    { kind: 'api', name: 'test token', userId },
  );
  return token;
}
