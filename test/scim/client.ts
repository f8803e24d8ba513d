import { expect } from 'vitest';
import { type TestOrg, apiUrl, createTestOrg } from '../support/api.ts';

export const SCIM_JSON = 'application/scim+json';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Builds a client that calls /scim/v2 as identity providers do, with a bearer token and application/scim+json bodies. */
export function scimClient(token: string | undefined, contentType = SCIM_JSON) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimResponse> => {
    const response = await fetch(`${apiUrl()}/scim/v2${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': contentType }),
        accept: SCIM_JSON,
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

export interface ScimTestOrg extends TestOrg {
  scimToken: string;
  scim: ScimClient;
}

/** Creates an org and a SCIM token through the admin API, as an org admin would before connecting an identity provider. */
export async function createScimOrg(options: Parameters<typeof createTestOrg>[0] = {}): Promise<ScimTestOrg> {
  const org = await createTestOrg({ welcomeEmailsDefault: false, ...options });
  const created = await org.api.post('/v1/scim-tokens', { name: 'identity provider' });
  if (created.status !== 201) throw new Error(`Creating a SCIM token failed with ${created.status}: ${created.text}`);
  return { ...org, scimToken: created.body.token, scim: scimClient(created.body.token) };
}

export const patchOp = (...operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations: operations });

export const scimError = (status: number, scimType?: string) => ({
  schemas: [ERROR_SCHEMA],
  status: String(status),
  ...(scimType === undefined ? {} : { scimType }),
  detail: expectAnyString(),
});

function expectAnyString() {
  return expect.any(String);
}

/** Creates a user over SCIM the way Okta does and returns the response body. */
export async function createScimUser(scim: ScimClient, local: string, extra: Record<string, unknown> = {}) {
  const response = await scim.post('/Users', {
    schemas: [USER_SCHEMA],
    userName: `${local}@example.com`,
    name: { givenName: 'Test', familyName: local },
    emails: [{ primary: true, value: `${local}@example.com`, type: 'work' }],
    active: true,
    ...extra,
  });
  if (response.status !== 201) throw new Error(`Creating ${local} failed with ${response.status}: ${response.text}`);
  return response.body;
}
