import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { providerJson, providerUrlVariable } from '../../functions/adapters/integrations/http.ts';
import { logger } from '../../functions/commons/powertools.ts';
import { BackfillError } from '../../functions/domain/backfill.ts';
import { unreadableCharacter } from '../../functions/domain/text.ts';
import { renderWelcomeEmail } from '../../functions/workers/welcome-email/render.ts';
import { type ApiResponse, createTestOrg, newUserBody } from '../support/api.ts';
import { GROUP_SCHEMA, USER_SCHEMA, createScimOrg, createScimUser, patchOp, scimError } from '../scim/client.ts';
import { emailsTo, uniqueAddress, waitFor } from '../welcome-email/support.ts';

/** The text an attacker put in a name to add lines of their own to the plain-text welcome email. */
const EMAIL_INJECTION = 'Bob,\n\nIT: reset at https://evil.example';

/** Text that must not be stored where people read it, each with the code point the error names. */
const UNREADABLE: [string, string][] = [
  ['\u0000', 'U+0000'],
  ['a\nb', 'U+000A'],
  ['\u001b[31mred', 'U+001B'],
  ['\u0085x', 'U+0085'],
  ['\u202eevil', 'U+202E'],
  ['a\u202ab', 'U+202A'],
  ['a\u2066b', 'U+2066'],
  ['a\u2069b', 'U+2069'],
  ['a\u2028b', 'U+2028'],
  ['\ud800', 'U+D800'],
  ['x\udc00', 'U+DC00'],
];

const fieldsOf = (response: ApiResponse) => (response.body.errors as { field: string }[]).map((issue) => issue.field);

describe('readable text rule', () => {
  it.each(UNREADABLE)('text rule rejects %j', (value, codePoint) => {
    expect(unreadableCharacter(value)).toBe(codePoint);
  });

  it.each(['Ann', 'Zoë', 'क्‍ष', 'a\u200cb', 'O\'Brien', '😀', '\u200fשלום'])('text rule accepts %j', (value) => {
    expect(unreadableCharacter(value)).toBeUndefined();
  });

  it.each(UNREADABLE)('admin givenName rejects %j', async (value, codePoint) => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users', newUserBody('textrule', { givenName: `Ann${value}` }));
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['givenName']);
    expect(response.body.errors[0].message).toContain(codePoint);
  });

  it('admin name keeps zero-width joiner', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/users', newUserBody('zwj', { givenName: 'क्‍ष', familyName: 'a\u200cb' }));
    expect(response.status).toBe(201);
    expect(response.body.givenName).toBe('क्‍ष');
  });

  it.each(['\u0000', 'a\nb', '\u001b[31m', '\u202eAdmins'])('settings adminGroupName rejects %j', async (value) => {
    const { api } = await createTestOrg();
    const response = await api.patch('/v1/settings', { adminGroupName: value });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['adminGroupName']);
  });

  it.each([
    ['name.givenName', { name: { givenName: EMAIL_INJECTION, familyName: 'Lee' } }],
    ['name.familyName', { name: { givenName: 'Ann', familyName: 'Lee\u0000' } }],
    ['displayName', { displayName: '\u001b[2JAnn' }],
    ['externalId', { externalId: 'ext\u202e1' }],
  ])('SCIM user create rejects %s', async (attribute, extra) => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: uniqueAddress('scimtext'), name: { givenName: 'Ann', familyName: 'Lee' }, ...extra });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
    expect(response.body.detail).toContain(attribute);
  });

  it('SCIM user patch rejects bidi override', async () => {
    const { scim } = await createScimOrg();
    const user = await createScimUser(scim, 'patchtext');
    const response = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'name.familyName', value: 'Lee\u202e' }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
    expect(response.body.detail).toContain('name.familyName');
    expect((await scim.get(`/Users/${user.id}`)).body.name.familyName).toBe('patchtext');
  });

  it.each([
    ['displayName', { displayName: 'Sales\nAdmins' }],
    ['externalId', { displayName: 'Sales', externalId: '\u0000' }],
  ])('SCIM group rejects %s', async (attribute, body) => {
    const { scim } = await createScimOrg();
    const response = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], ...body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidValue'));
    expect(response.body.detail).toContain(attribute);
  });

  it('SCIM injection sends no welcome email', async () => {
    const { scim } = await createScimOrg({ welcomeEmailsDefault: true });
    const victim = uniqueAddress('injected');
    const rejected = await scim.post('/Users', { schemas: [USER_SCHEMA], userName: victim, name: { givenName: EMAIL_INJECTION, familyName: 'Lee' } });
    expect(rejected.status).toBe(400);

    // A valid user created after it gets their email, so the queue has processed everything before it.
    const control = uniqueAddress('control');
    await scim.post('/Users', { schemas: [USER_SCHEMA], userName: control, name: { givenName: 'Ann', familyName: 'Lee' } });
    const delivered = await waitFor(() => emailsTo(control), (emails) => emails.length > 0);
    expect(delivered).toHaveLength(1);
    expect(await emailsTo(victim)).toEqual([]);
  });

  it('welcome text drops injected lines', () => {
    const email = renderWelcomeEmail({ givenName: EMAIL_INJECTION, familyName: 'Lee', orgName: 'Acme', email: 'bob@example.com', signInUrl: 'https://app.example.com/' });
    expect(email.text).toContain('Hello Bob, IT: reset at https://evil.example,');
    expect(email.text).not.toMatch(/^IT: reset/m);
  });
});

describe('integration credentials', () => {
  it.each([
    ['salesforce', { instanceUrl: 'https://example.my.salesforce.com', accessToken: 'a\r\nX-Evil: 1' }, 'accessToken'],
    ['hubspot', { accessToken: 'pat na1 token' }, 'accessToken'],
    ['salesloft', { apiKey: 'key\u00e9' }, 'apiKey'],
    ['gong', { accessKey: 'key:part', accessKeySecret: 'secret' }, 'accessKey'],
    ['gong', { accessKey: 'key', accessKeySecret: 'sec\tret' }, 'accessKeySecret'],
  ])('connect %s rejects unsafe %s', async (integration, credentials, field) => {
    const { api } = await createTestOrg({ integrations: [] });
    const response = await api.put(`/v1/integrations/${integration}`, credentials);
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual([field]);
    expect(response.body.errors[0].message).toMatch(/visible ASCII|must not contain ':'/);
  });

  it('fetch error hides credentials', async () => {
    const secret = 'a\r\nX-Evil: s3cr3t-value';
    const warn = vi.spyOn(logger, 'warn');
    const request = { integration: 'salesforce' as const, url: `${process.env[providerUrlVariable('salesforce')]}/services/data`, authorization: `Bearer ${secret}` };

    const error = await providerJson(request, z.unknown()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BackfillError);
    expect((error as BackfillError).reason).toBe('provider_unavailable');
    expect((error as BackfillError).message).not.toContain('s3cr3t');
    expect((error as BackfillError).message).toContain('salesforce');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('s3cr3t');
    expect(warn).toHaveBeenCalledWith('Provider request failed', expect.objectContaining({ integration: 'salesforce', errorName: 'TypeError' }));
    warn.mockRestore();
  });
});

describe('ignored input', () => {
  it('backfill rejects unknown query parameter', async () => {
    const { api } = await createTestOrg();
    const response = await api.post('/v1/integrations/salesforce/backfill?userIds=x');
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['userIds']);
  });

  it('welcome-email resend rejects body fields', async () => {
    const { api } = await createTestOrg({ welcomeEmailsDefault: false });
    const user = (await api.post('/v1/users', newUserBody('resendbody'))).body;
    const rejected = await api.post(`/v1/users/${user.id}/welcome-email`, { x: 1 });
    expect(rejected.status).toBe(400);
    expect(fieldsOf(rejected)).toEqual(['x']);
    expect((await api.post(`/v1/users/${user.id}/welcome-email`)).status).toBe(202);
    expect((await api.post(`/v1/users/${user.id}/welcome-email`, {})).status).toBe(202);
  });

  it.each(['1e2', '0x10', '5.0', ' 5', '-1', '0', '101'])('user list rejects limit=%s', async (limit) => {
    const { api } = await createTestOrg();
    const response = await api.get(`/v1/users?limit=${encodeURIComponent(limit)}`);
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['limit']);
  });

  it('user list accepts digit limit', async () => {
    const { api } = await createTestOrg();
    expect((await api.get('/v1/users?limit=10')).status).toBe(200);
  });

  it('SCIM userName rejects array', async () => {
    const { scim } = await createScimOrg();
    const user = await createScimUser(scim, 'arrayname');
    const patched = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: ['other@example.com'] }));
    expect(patched.status).toBe(400);
    expect(patched.body).toEqual(scimError(400, 'invalidValue'));
    expect(patched.body.detail).toContain('userName');

    const put = await scim.put(`/Users/${user.id}`, { schemas: [USER_SCHEMA], userName: ['other@example.com'], name: { givenName: 'Test', familyName: 'arrayname' } });
    expect(put.status).toBe(400);
    expect(put.body).toEqual(scimError(400, 'invalidValue'));
    expect((await scim.get(`/Users/${user.id}`)).body.userName).toBe('arrayname@example.com');
  });
});

describe('SCIM location scheme', () => {
  it.each([
    ['javascript', 'https://'],
    ['ftp', 'https://'],
    ['http', 'http://'],
    ['HTTPS', 'https://'],
  ])('X-Forwarded-Proto %s gives %s', async (proto, prefix) => {
    const { scim } = await createScimOrg();
    const user = await createScimUser(scim, 'location');
    const response = await scim.get(`/Users/${user.id}`, { 'x-forwarded-proto': proto });
    expect(response.status).toBe(200);
    expect(response.body.meta.location.startsWith(prefix)).toBe(true);
  });
});
