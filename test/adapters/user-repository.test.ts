import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/commons/clients.ts';
import { orgs, userServiceDeps, users } from '../../functions/commons/dependencies.ts';
import { EmailTakenError, LastAdminError, VersionMismatchError } from '../../functions/domain/errors.ts';
import type { CallerContext } from '../../functions/domain/audit.ts';
import { createUser, transitionUser, updateUserProfile, setUserRole } from '../../functions/domain/user-service.ts';
import { createTestOrg } from '../support/api.ts';

async function setup() {
  const { orgId, adminUserId } = await createTestOrg({ integrations: ['salesforce'] });
  const org = (await orgs.get(orgId))!;
  const caller: CallerContext = { orgId, actor: { type: 'user', userId: adminUserId }, channel: 'admin_api' };
  return { org, orgId, adminUserId, caller };
}

async function auditActions(orgId: string): Promise<string[]> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: process.env.ROSTER_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':prefix': 'AUDIT#' },
    }),
  );
  return Items.map((item) => item.action as string);
}

describe('DynamoUserRepository', () => {
  it('stores Need Sync as a set and reads it back sorted', async () => {
    const { org, caller } = await setup();
    const { user } = await createUser(userServiceDeps, caller, { ...org, integrations: ['gong', 'salesforce'] }, {
      email: 'set@example.com', givenName: 'Set', familyName: 'User',
    });
    expect((await users.get(org.orgId, user.userId))?.needsSync).toEqual(['salesforce', 'gong']);
  });

  it('finds a user by email in any letter case', async () => {
    const { org, caller } = await setup();
    const { user } = await createUser(userServiceDeps, caller, org, { email: 'Case@Example.com', givenName: 'C', familyName: 'U' });
    expect((await users.getByEmail(org.orgId, 'case@EXAMPLE.com'))?.userId).toBe(user.userId);
  });

  it('rejects a duplicate email and writes no audit entry for it', async () => {
    const { org, caller } = await setup();
    await createUser(userServiceDeps, caller, org, { email: 'dup@example.com', givenName: 'D', familyName: 'U' });
    const before = await auditActions(org.orgId);
    await expect(createUser(userServiceDeps, caller, org, { email: 'DUP@example.com', givenName: 'D', familyName: 'U' })).rejects.toThrow(EmailTakenError);
    expect(await auditActions(org.orgId)).toEqual(before);
  });

  it('releases the email on delete and claims it on restore', async () => {
    const { org, caller } = await setup();
    const { user } = await createUser(userServiceDeps, caller, org, { email: 'left@example.com', givenName: 'L', familyName: 'U' });
    await transitionUser(userServiceDeps, caller, user.userId, 'delete');
    const { user: successor } = await createUser(userServiceDeps, caller, org, { email: 'left@example.com', givenName: 'N', familyName: 'U' });
    await expect(transitionUser(userServiceDeps, caller, user.userId, 'restore')).rejects.toThrow(EmailTakenError);
    await transitionUser(userServiceDeps, caller, successor.userId, 'delete');
    const restored = await transitionUser(userServiceDeps, caller, user.userId, 'restore');
    expect(restored.status).toBe('active');
  });

  it('keeps the active-admin count through role and status changes', async () => {
    const { org, caller, adminUserId } = await setup();
    const { user } = await createUser(userServiceDeps, caller, org, { email: 'second@example.com', givenName: 'S', familyName: 'A', role: 'admin' });
    expect((await orgs.get(org.orgId))?.activeAdminCount).toBe(2);
    await transitionUser(userServiceDeps, caller, user.userId, 'suspend');
    expect((await orgs.get(org.orgId))?.activeAdminCount).toBe(1);
    await expect(setUserRole(userServiceDeps, caller, adminUserId, 'member')).rejects.toThrow(LastAdminError);
    await transitionUser(userServiceDeps, caller, user.userId, 'reactivate');
    await setUserRole(userServiceDeps, caller, adminUserId, 'member');
    expect((await orgs.get(org.orgId))?.activeAdminCount).toBe(1);
  });

  it('rejects a write against a stale version', async () => {
    const { org, caller } = await setup();
    const { user } = await createUser(userServiceDeps, caller, org, { email: 'stale@example.com', givenName: 'S', familyName: 'V' });
    await updateUserProfile(userServiceDeps, caller, org, user.userId, { givenName: 'Newer' }, 1);
    await expect(updateUserProfile(userServiceDeps, caller, org, user.userId, { givenName: 'Older' }, 1)).rejects.toThrow(VersionMismatchError);
  });

  it('records one audit entry per change with before and after', async () => {
    const { org, caller } = await setup();
    const { user } = await createUser(userServiceDeps, caller, org, { email: 'audit@example.com', givenName: 'A', familyName: 'U' });
    await updateUserProfile(userServiceDeps, caller, org, user.userId, { familyName: 'Changed' });
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: process.env.ROSTER_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#target.id = :userId',
        ExpressionAttributeNames: { '#target': 'target' },
        ExpressionAttributeValues: { ':pk': `ORG#${org.orgId}`, ':prefix': 'AUDIT#', ':userId': user.userId },
      }),
    );
    expect(Items.map((item) => item.action)).toEqual(['user.created', 'user.updated']);
    expect(Items[1]?.changes).toEqual({ familyName: { before: 'U', after: 'Changed' } });
  });
});
