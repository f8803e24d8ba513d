import { type DynamoDBDocumentClient, GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { EmailTakenError, ExternalIdTakenError, LastAdminError, VersionMismatchError } from '#domain/errors';
import type { ListUsersQuery, Page, UserRepository } from '#domain/ports';
import { type User, activeAdminDelta, emailKey } from '#domain/user';
import { tableName } from '#commons/config';
import { auditPut } from './audit-items.ts';
import { ORG_SK, USER_PREFIX, emailSk, externalIdSk, orgPk, userSk } from './keys.ts';
import { readPage } from './paged-query.ts';
import { type GuardedItem, transactWrite } from './transact.ts';
import { userFromItem, userToItem } from './user-items.ts';

export class DynamoUserRepository implements UserRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  async get(orgId: string, userId: string): Promise<User | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: userSk(userId) }, ConsistentRead: true }),
    );
    return Item ? userFromItem(Item) : undefined;
  }

  async getByEmail(orgId: string, email: string): Promise<User | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: emailSk(emailKey(email)) }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return this.get(orgId, Item.userId as string);
  }

  async getByExternalId(orgId: string, externalId: string): Promise<User | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: externalIdSk(externalId) }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return this.get(orgId, Item.userId as string);
  }

  async list(orgId: string, query: ListUsersQuery): Promise<Page<User>> {
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':pk': orgPk(orgId), ':prefix': USER_PREFIX };
    const names: Record<string, string> = {};

    const statusPlaceholders = query.statuses.map((status, index) => {
      values[`:status${index}`] = status;
      return `:status${index}`;
    });
    names['#status'] = 'status';
    filters.push(`#status IN (${statusPlaceholders.join(', ')})`);
    if (query.role) {
      names['#role'] = 'role';
      values[':role'] = query.role;
      filters.push('#role = :role');
    }
    if (query.needsSync === true) filters.push('attribute_exists(needsSync)');
    if (query.needsSync === false) filters.push('attribute_not_exists(needsSync)');

    const input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> = {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    };

    return readPage(this.client, {
      input,
      limit: query.limit,
      ...(query.after ? { startKey: { pk: orgPk(orgId), sk: userSk(query.after) } } : {}),
      fromItem: userFromItem,
      positionOf: (user) => user.userId,
      positionOfKey: (key) => (key.sk as string).slice(USER_PREFIX.length),
    });
  }

  async create(user: User, audit: AuditEntry): Promise<void> {
    const items: GuardedItem[] = [
      {
        item: { Put: { TableName: tableName(), Item: userToItem(user), ConditionExpression: 'attribute_not_exists(pk)' } },
      },
      claimEmail(user),
      ...(user.externalId === undefined ? [] : [claimExternalId(user, user.externalId)]),
      ...adminCountChange(user, activeAdminDelta(undefined, user)),
      auditPut(audit),
    ];
    await transactWrite(this.client, items);
  }

  async save(before: User, after: User, audit: AuditEntry): Promise<void> {
    const items: GuardedItem[] = [updateChangedFields(before, after), ...uniquenessChanges(before, after)];
    items.push(...adminCountChange(after, activeAdminDelta(before, after)));
    items.push(auditPut(audit));
    await transactWrite(this.client, items);
  }
}

/** Builds an UpdateItem that SETs the attributes that changed and REMOVEs those that went away, on the condition that the version is unchanged. */
function updateChangedFields(before: User, after: User): GuardedItem {
  const previous = userToItem(before);
  const next = userToItem(after);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expectedVersion': before.version };
  const sets: string[] = [];
  const removes: string[] = [];
  let index = 0;
  for (const name of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    if (sameValue(previous[name], next[name])) continue;
    names[`#a${index}`] = name;
    if (next[name] === undefined) {
      removes.push(`#a${index}`);
    } else {
      values[`:v${index}`] = next[name];
      sets.push(`#a${index} = :v${index}`);
    }
    index++;
  }
  names['#version'] = 'version';
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim();
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: { pk: orgPk(after.orgId), sk: userSk(after.userId) },
        UpdateExpression: expression,
        ConditionExpression: '#version = :expectedVersion',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    onConditionFailed: () => new VersionMismatchError(after.userId, before.version),
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  const normalize = (value: unknown) => (value instanceof Set ? [...value].sort() : value);
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function claimEmail(user: User): GuardedItem {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { pk: orgPk(user.orgId), sk: emailSk(emailKey(user.email)), type: 'email', userId: user.userId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new EmailTakenError(user.email),
  };
}

function claimExternalId(user: User, externalId: string): GuardedItem {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { pk: orgPk(user.orgId), sk: externalIdSk(externalId), type: 'externalId', userId: user.userId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new ExternalIdTakenError(externalId),
  };
}

function release(orgId: string, sk: string, userId: string): GuardedItem {
  return {
    item: {
      Delete: {
        TableName: tableName(),
        Key: { pk: orgPk(orgId), sk },
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      },
    },
  };
}

/**
 * Moves the email and externalId uniqueness items. Users who are not deleted
 * hold them; a delete releases both, so the address can be used again, and a
 * restore claims them back (EmailTakenError if someone took the email meanwhile).
 */
function uniquenessChanges(before: User, after: User): GuardedItem[] {
  const items: GuardedItem[] = [];
  const heldBefore = before.status !== 'deleted';
  const heldAfter = after.status !== 'deleted';

  const emailMoved = emailKey(before.email) !== emailKey(after.email);
  if (heldBefore && (!heldAfter || emailMoved)) items.push(release(before.orgId, emailSk(emailKey(before.email)), before.userId));
  if (heldAfter && (!heldBefore || emailMoved)) items.push(claimEmail(after));

  const externalIdMoved = before.externalId !== after.externalId;
  if (before.externalId !== undefined && heldBefore && (!heldAfter || externalIdMoved)) {
    items.push(release(before.orgId, externalIdSk(before.externalId), before.userId));
  }
  if (after.externalId !== undefined && heldAfter && (!heldBefore || externalIdMoved)) {
    items.push(claimExternalId(after, after.externalId));
  }
  return items;
}

/** Adjusts the org's active-admin count; a decrease requires another active admin to remain. */
function adminCountChange(user: User, delta: -1 | 0 | 1): GuardedItem[] {
  if (delta === 0) return [];
  return [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: { pk: orgPk(user.orgId), sk: ORG_SK },
          UpdateExpression: 'ADD activeAdminCount :delta',
          ConditionExpression: delta < 0 ? 'activeAdminCount > :one' : 'attribute_exists(pk)',
          ExpressionAttributeValues: delta < 0 ? { ':delta': delta, ':one': 1 } : { ':delta': delta },
        },
      },
      ...(delta < 0 ? { onConditionFailed: () => new LastAdminError(user.userId) } : {}),
    },
  ];
}
