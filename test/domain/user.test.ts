import { describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../functions/domain/errors.ts';
import { activeAdminDelta, applyProfileEdit, applyRole, applyStatusTransition, emailKey, newUser } from '../../functions/domain/user.ts';
import { FIXTURE_NOW, testUser } from '../support/users.ts';

const NOW = FIXTURE_NOW;
const LATER = '2026-12-02T00:00:00.000Z';

const user = testUser;

describe('newUser', () => {
  it('marks Need Sync for every connected integration', () => {
    expect(user().needsSync).toEqual(['salesforce', 'gong']);
  });

  it('trims email and names', () => {
    const created = newUser({
      orgId: 'O', userId: 'U', email: '  Ann@Example.com ', givenName: ' Ann ', familyName: ' Lee ', role: 'member',
      connectedIntegrations: [], welcomeEmail: { status: 'not_requested' }, now: NOW,
    });
    expect(created.email).toBe('Ann@Example.com');
    expect(created.givenName).toBe('Ann');
    expect(created.needsSync).toEqual([]);
  });
});

describe('applyProfileEdit', () => {
  it('resets Need Sync when the email changes', () => {
    const result = applyProfileEdit(user({ needsSync: [] }), { email: 'ann.lee@example.com' }, ['hubspot'], LATER);
    expect(result.emailChanged).toBe(true);
    expect(result.user.needsSync).toEqual(['hubspot']);
    expect(result.user.syncGeneration).toBe(2);
    expect(result.user.version).toBe(2);
  });

  it('keeps Need Sync when only letter case changes', () => {
    const result = applyProfileEdit(user({ needsSync: [] }), { email: 'ANN@example.com' }, ['hubspot'], LATER);
    expect(result.changedFields).toEqual(['email']);
    expect(result.emailChanged).toBe(false);
    expect(result.user.needsSync).toEqual([]);
  });

  it('reports no change for identical values', () => {
    const result = applyProfileEdit(user(), { givenName: 'Ann', familyName: ' Lee ' }, [], LATER);
    expect(result.changedFields).toEqual([]);
    expect(result.user.version).toBe(1);
  });

  it('rejects edits of deleted users', () => {
    expect(() => applyProfileEdit(user({ status: 'deleted' }), { givenName: 'Bo' }, [], LATER)).toThrow(InvalidStateError);
  });
});

describe('status transitions', () => {
  it('deletes an active user and records the time', () => {
    const deleted = applyStatusTransition(user(), 'delete', LATER);
    expect(deleted.status).toBe('deleted');
    expect(deleted.deletedAt).toBe(LATER);
  });

  it('restores a deleted user', () => {
    const restored = applyStatusTransition(user({ status: 'deleted', deletedAt: NOW }), 'restore', LATER);
    expect(restored.status).toBe('active');
    expect(restored.deletedAt).toBeUndefined();
  });

  it('rejects deleting a deleted user', () => {
    expect(() => applyStatusTransition(user({ status: 'deleted' }), 'delete', LATER)).toThrow(/status is deleted/);
  });

  it('rejects reactivating an active user', () => {
    expect(() => applyStatusTransition(user(), 'reactivate', LATER)).toThrow(InvalidStateError);
  });
});

describe('activeAdminDelta', () => {
  it.each([
    [{ role: 'admin', status: 'active' }, { role: 'member', status: 'active' }, -1],
    [{ role: 'admin', status: 'active' }, { role: 'admin', status: 'suspended' }, -1],
    [{ role: 'admin', status: 'suspended' }, { role: 'admin', status: 'deleted' }, 0],
    [{ role: 'member', status: 'active' }, { role: 'admin', status: 'active' }, 1],
    [undefined, { role: 'admin', status: 'active' }, 1],
  ] as const)('%o to %o is %d', (before, after, expected) => {
    expect(activeAdminDelta(before, after)).toBe(expected);
  });
});

describe('applyRole', () => {
  it('returns the same object when the role is unchanged', () => {
    const member = user();
    expect(applyRole(member, 'member', LATER)).toBe(member);
  });
});

describe('emailKey', () => {
  it('lower-cases and trims', () => {
    expect(emailKey(' Ann@Example.COM ')).toBe('ann@example.com');
  });
});
