import { type User, newUser } from '../../functions/domain/user.ts';

export const FIXTURE_NOW = '2026-12-01T00:00:00.000Z';

/** Builds an active member of org ORG, Need Sync for Gong and Salesforce, for domain unit tests; `overrides` replace fields. */
export function testUser(overrides: Partial<User> = {}): User {
  return {
    ...newUser({
      orgId: 'ORG',
      userId: 'USER',
      email: 'ann@example.com',
      givenName: 'Ann',
      familyName: 'Lee',
      role: 'member',
      connectedIntegrations: ['gong', 'salesforce'],
      welcomeEmail: { status: 'not_requested' },
      now: FIXTURE_NOW,
    }),
    ...overrides,
  };
}
