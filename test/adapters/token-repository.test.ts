import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoTokenRepository } from '../../functions/adapters/dynamodb/token-repository.ts';
import { parseToken } from '../../functions/commons/tokens.ts';
import { createTestOrg, newUserBody } from '../support/api.ts';

/** Builds a repository on a client of its own that counts the DynamoDB calls it makes. */
function countingRepository() {
  const client = new DynamoDBClient({});
  const counter = { calls: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      counter.calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { repository: new DynamoTokenRepository(DynamoDBDocumentClient.from(client)), counter };
}

async function callerIds() {
  const org = await createTestOrg();
  const parsed = parseToken(org.adminToken)!;
  return { org, tokenId: parsed.tokenId };
}

describe('DynamoTokenRepository.loadCaller', () => {
  it('reads the target user in the same call', async () => {
    const { org, tokenId } = await callerIds();
    const added = await org.api.post('/v1/users', newUserBody('target'));
    const { repository, counter } = countingRepository();

    const records = await repository.loadCaller('api', org.orgId, tokenId, org.adminUserId, added.body.id);

    expect(counter.calls).toBe(1);
    expect(records.user?.userId).toBe(org.adminUserId);
    expect(records.target?.user?.userId).toBe(added.body.id);
    expect(records.token?.tokenId).toBe(tokenId);
    expect(records.org?.orgId).toBe(org.orgId);
  });

  it('reads a caller acting on themselves once', async () => {
    const { org, tokenId } = await callerIds();
    const { repository } = countingRepository();

    const records = await repository.loadCaller('api', org.orgId, tokenId, org.adminUserId, org.adminUserId);

    expect(records.user?.userId).toBe(org.adminUserId);
    expect(records.target?.user?.userId).toBe(org.adminUserId);
  });

  it('marks a missing target as read', async () => {
    const { org, tokenId } = await callerIds();
    const { repository } = countingRepository();

    const records = await repository.loadCaller('api', org.orgId, tokenId, org.adminUserId, '01ARZ3NDEKTSV4RRFFQ69G5FAV');

    expect(records.target).toEqual({ user: undefined });
    expect(records.user?.userId).toBe(org.adminUserId);
  });

  it('leaves target out when none is asked for', async () => {
    const { org, tokenId } = await callerIds();
    const { repository } = countingRepository();

    const records = await repository.loadCaller('api', org.orgId, tokenId, org.adminUserId);

    expect(records.target).toBeUndefined();
  });
});

describe('routes acting on the caller', () => {
  it('get and edit the admin themselves', async () => {
    const org = await createTestOrg();
    const read = await org.api.get(`/v1/users/${org.adminUserId}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(org.adminUserId);

    const edited = await org.api.patch(`/v1/users/${org.adminUserId}`, { givenName: 'Renamed' });
    expect(edited.status).toBe(200);
    expect(edited.body.givenName).toBe('Renamed');
  });

  it('get of an unknown user id is 404', async () => {
    const org = await createTestOrg();
    const response = await org.api.get('/v1/users/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(response.status).toBe(404);
  });
});
