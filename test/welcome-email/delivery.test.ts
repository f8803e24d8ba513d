import { describe, expect, it } from 'vitest';
import { type ApiClient, createTestOrg } from '../support/api.ts';
import { emailsTo, uniqueAddress, waitFor } from './support.ts';

/**
 * The whole path against the emulators: POST /v1/users queues the request,
 * the local queue poller runs the mailer, and the mail lands in the SES emulator.
 */

const addUser = (api: ApiClient, email: string, extra: Record<string, unknown> = {}) =>
  api.post('/v1/users', { email, givenName: 'Ann', familyName: 'Lee', ...extra });

const welcomeEmailOf = async (api: ApiClient, userId: string) => (await api.get(`/v1/users/${userId}`)).body.welcomeEmail;

const waitForStatus = (api: ApiClient, userId: string, status: string, requestId?: string) =>
  waitFor(
    () => welcomeEmailOf(api, userId),
    (state) => state.status === status && (requestId === undefined || state.requestId === requestId),
  );

describe('welcome email on POST /v1/users', () => {
  it('arrives with recipient, subject and both bodies', async () => {
    const { api, orgId } = await createTestOrg();
    const email = uniqueAddress('ann');
    const created = await addUser(api, email, { sendWelcomeEmail: true });
    expect(created.status).toBe(201);
    expect(created.body.welcomeEmail.status).toBe('queued');

    const sent = await waitForStatus(api, created.body.id, 'sent');
    const [mail, ...others] = await emailsTo(email);
    expect(others).toHaveLength(0);
    expect(mail!.destination.to).toEqual([email]);
    expect(mail!.from).toBe('Roster <no-reply@roster.example.com>');
    expect(mail!.subject).toMatch(/^You now have access to Test Org \d+ on Roster$/);
    expect(mail!.body.text).toContain('Hello Ann,');
    expect(mail!.body.text).toContain(`https://app.roster.example.com/sign-in?org=${orgId}&login_hint=${encodeURIComponent(email)}`);
    expect(mail!.body.html).toContain('<strong>Test Org');
    expect(mail!.body.html).toContain(`href="https://app.roster.example.com/sign-in?org=${orgId}&amp;login_hint=`);
    expect(sent.messageId).toBe(mail!.messageId);
    expect(sent.requestId).toBe(created.body.welcomeEmail.requestId);
  });

  it('does not bump the user version when recording sent', async () => {
    const { api } = await createTestOrg();
    const created = await addUser(api, uniqueAddress('ver'), { sendWelcomeEmail: true });
    await waitForStatus(api, created.body.id, 'sent');
    const user = await api.get(`/v1/users/${created.body.id}`);
    expect(user.body.version).toBe(created.body.version);
    expect(user.headers.get('etag')).toBe(created.headers.get('etag'));
  });

  it('sends none when the choice is off', async () => {
    const { api } = await createTestOrg({ welcomeEmailsDefault: true });
    const off = uniqueAddress('off');
    const created = await addUser(api, off, { sendWelcomeEmail: false });
    expect(created.body.welcomeEmail).toEqual({ status: 'not_requested' });

    // A later user's email arriving shows the mailer has run since; the first user's request never existed.
    const on = await addUser(api, uniqueAddress('on'), { sendWelcomeEmail: true });
    await waitForStatus(api, on.body.id, 'sent');
    expect(await emailsTo(off)).toHaveLength(0);
    expect(await welcomeEmailOf(api, created.body.id)).toEqual({ status: 'not_requested' });
  });

  it('follows the org default when the request omits the choice', async () => {
    const quiet = await createTestOrg({ welcomeEmailsDefault: false });
    const loud = await createTestOrg({ welcomeEmailsDefault: true });
    const quietAddress = uniqueAddress('quiet');
    const loudAddress = uniqueAddress('loud');

    const quietUser = await addUser(quiet.api, quietAddress);
    const loudUser = await addUser(loud.api, loudAddress);
    expect(quietUser.body.welcomeEmail.status).toBe('not_requested');
    expect(loudUser.body.welcomeEmail.status).toBe('queued');

    await waitForStatus(loud.api, loudUser.body.id, 'sent');
    expect(await emailsTo(loudAddress)).toHaveLength(1);
    expect(await emailsTo(quietAddress)).toHaveLength(0);
  });
});

describe('POST /v1/users/{userId}/welcome-email', () => {
  it('resend sends exactly one more', async () => {
    const { api } = await createTestOrg();
    const email = uniqueAddress('again');
    const created = await addUser(api, email, { sendWelcomeEmail: true });
    await waitForStatus(api, created.body.id, 'sent');

    const resent = await api.post(`/v1/users/${created.body.id}/welcome-email`);
    expect(resent.status).toBe(202);
    expect(resent.body.welcomeEmail.status).toBe('queued');
    expect(resent.body.welcomeEmail.requestId).not.toBe(created.body.welcomeEmail.requestId);

    await waitForStatus(api, created.body.id, 'sent', resent.body.welcomeEmail.requestId);
    expect(await emailsTo(email)).toHaveLength(2);
  });

  it('sends a user who had none requested their first', async () => {
    const { api } = await createTestOrg();
    const email = uniqueAddress('late');
    const created = await addUser(api, email, { sendWelcomeEmail: false });
    const resent = await api.post(`/v1/users/${created.body.id}/welcome-email`);
    expect(resent.status).toBe(202);
    await waitForStatus(api, created.body.id, 'sent', resent.body.welcomeEmail.requestId);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('records the resend in the audit trail', async () => {
    const { orgId, api } = await createTestOrg();
    const created = await addUser(api, uniqueAddress('audit'), { sendWelcomeEmail: false });
    const resent = await api.post(`/v1/users/${created.body.id}/welcome-email`);
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient } = await import('../../functions/commons/clients.ts');
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: process.env.ROSTER_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':audit': 'AUDIT#' },
      }),
    );
    const entry = Items.find((item) => item.action === 'user.welcome_email_resent');
    expect(entry?.target).toEqual({ type: 'user', id: created.body.id });
    expect(entry?.changes.welcomeEmail.before).toEqual({ status: 'not_requested' });
    expect(entry?.changes.welcomeEmail.after.requestId).toBe(resent.body.welcomeEmail.requestId);
  });

  it('rejects a deleted user with 409', async () => {
    const { api } = await createTestOrg();
    const email = uniqueAddress('gone');
    const created = await addUser(api, email, { sendWelcomeEmail: false });
    expect((await api.delete(`/v1/users/${created.body.id}`)).status).toBe(204);

    const resent = await api.post(`/v1/users/${created.body.id}/welcome-email`);
    expect(resent.status).toBe(409);
    expect(resent.body.code).toBe('user_deleted');
    expect(resent.body.detail).toContain('is deleted');
    expect(resent.body.detail).toContain('restore');
    expect(await welcomeEmailOf(api, created.body.id)).toEqual({ status: 'not_requested' });
  });

  it('returns 404 for an unknown user', async () => {
    const { api } = await createTestOrg();
    const resent = await api.post('/v1/users/01KBZ6X6C7Q1V9N2M3P4R5S6T7/welcome-email');
    expect(resent.status).toBe(404);
  });
});
