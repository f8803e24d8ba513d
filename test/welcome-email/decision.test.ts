import { describe, expect, it } from 'vitest';
import type { User, WelcomeEmailState } from '../../functions/domain/user.ts';
import { FIXTURE_NOW, testUser } from '../support/users.ts';
import { decideWelcomeEmail, welcomeEmailRequestOf } from '../../functions/domain/welcome-email.ts';

const NOW = FIXTURE_NOW;
const request = { orgId: 'ORG', userId: 'USER', requestId: 'REQ1' };

function user(welcomeEmail: WelcomeEmailState, overrides: Partial<User> = {}): User {
  return testUser({ welcomeEmail, ...overrides });
}

const queued: WelcomeEmailState = { status: 'queued', requestId: 'REQ1', queuedAt: NOW };

describe('decideWelcomeEmail', () => {
  it.each([
    ['queued request', user(queued), { send: true }],
    ['failed request, redriven', user({ status: 'failed', requestId: 'REQ1', failedAt: NOW, reason: 'x' }), { send: true }],
    ['suspended user', user(queued, { status: 'suspended' }), { send: true }],
    ['already sent', user({ status: 'sent', requestId: 'REQ1', sentAt: NOW, messageId: 'm' }), { send: false, reason: 'already_sent' }],
    ['superseded by a resend', user({ ...queued, requestId: 'REQ2' }), { send: false, reason: 'request_superseded' }],
    ['not requested', user({ status: 'not_requested' }), { send: false, reason: 'request_superseded' }],
    ['deleted user', user(queued, { status: 'deleted' }), { send: false, reason: 'user_deleted' }],
    ['missing user', undefined, { send: false, reason: 'user_not_found' }],
  ])('%s', (_case, subject, expected) => {
    expect(decideWelcomeEmail(subject, request)).toEqual(expected);
  });
});

describe('welcomeEmailRequestOf', () => {
  it('returns the queued request', () => {
    expect(welcomeEmailRequestOf(user(queued))).toEqual(request);
  });

  it('returns nothing unless queued', () => {
    expect(welcomeEmailRequestOf(user({ status: 'not_requested' }))).toBeUndefined();
  });
});
