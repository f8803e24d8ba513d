import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { type GroupRepository, GroupVersionMismatchError, groupNameTaken } from '#domain/scim/group-service';
import type { Group } from '#domain/scim/groups';
import { tableName } from '#commons/config';
import { auditPut } from './audit-items.ts';
import { queryAllWithPrefix } from './paged-query.ts';
import { GROUP_MEMBER_PREFIX, GROUP_PREFIX, groupMemberSk, groupNameSk, groupSk, orgPk } from './keys.ts';
import { type GuardedItem, transactWrite } from './transact.ts';

/** TransactWriteItems takes at most 100 items. */
const MAX_TRANSACTION_ITEMS = 100;

const nameKey = (displayName: string) => displayName.trim().toLowerCase();

function groupToItem(group: Group): Record<string, unknown> {
  const { members: _members, ...rest } = group;
  return { pk: orgPk(group.orgId), sk: groupSk(group.groupId), type: 'group', ...rest };
}

function groupFromItem(item: Record<string, unknown>, members: string[]): Group {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return { ...(rest as Omit<Group, 'members'>), members };
}

export class DynamoGroupRepository implements GroupRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  private query(orgId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAllWithPrefix(this.client, orgId, prefix, { ConsistentRead: true });
  }

  private async members(orgId: string, groupId: string): Promise<string[]> {
    const items = await this.query(orgId, `${GROUP_MEMBER_PREFIX}${groupId}#`);
    return items.sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt))).map((item) => item.userId as string);
  }

  async get(orgId: string, groupId: string): Promise<Group | undefined> {
    const [{ Item }, members] = await Promise.all([
      this.client.send(new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: groupSk(groupId) }, ConsistentRead: true })),
      this.members(orgId, groupId),
    ]);
    return Item ? groupFromItem(Item, members) : undefined;
  }

  async getByDisplayName(orgId: string, displayName: string): Promise<Group | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: groupNameSk(nameKey(displayName)) }, ConsistentRead: true }),
    );
    return Item ? this.get(orgId, Item.groupId as string) : undefined;
  }

  /** Two Queries for the whole org: the group items, then every membership item. */
  async list(orgId: string): Promise<Group[]> {
    const [groupItems, memberItems] = await Promise.all([this.query(orgId, GROUP_PREFIX), this.query(orgId, GROUP_MEMBER_PREFIX)]);
    const members = new Map<string, Record<string, unknown>[]>();
    for (const item of memberItems) {
      const list = members.get(item.groupId as string) ?? [];
      list.push(item);
      members.set(item.groupId as string, list);
    }
    return groupItems.map((item) => {
      const ordered = (members.get(item.groupId as string) ?? []).sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)));
      return groupFromItem(item, ordered.map((member) => member.userId as string));
    });
  }

  async create(group: Group, audit: AuditEntry): Promise<void> {
    const head: GuardedItem[] = [
      { item: { Put: { TableName: tableName(), Item: groupToItem(group), ConditionExpression: 'attribute_not_exists(pk)' } } },
      claimName(group),
      auditPut(audit),
    ];
    await this.write(head, group.members.map((userId, index) => putMember(group, userId, index)));
  }

  async save(before: Group, after: Group, audit: AuditEntry): Promise<void> {
    const head: GuardedItem[] = [
      {
        item: {
          Put: {
            TableName: tableName(),
            Item: groupToItem(after),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        onConditionFailed: () => new GroupVersionMismatchError(after.groupId, before.version),
      },
      auditPut(audit),
    ];
    if (nameKey(before.displayName) !== nameKey(after.displayName)) {
      head.push(releaseName(before), claimName(after));
    }
    const previous = new Set(before.members);
    const next = new Set(after.members);
    const memberWrites = [
      ...after.members.filter((id) => !previous.has(id)).map((userId, index) => putMember(after, userId, index)),
      ...before.members.filter((id) => !next.has(id)).map((userId) => deleteMember(before, userId)),
    ];
    await this.write(head, memberWrites);
  }

  async delete(group: Group, audit: AuditEntry): Promise<void> {
    const head: GuardedItem[] = [
      {
        item: {
          Delete: {
            TableName: tableName(),
            Key: { pk: orgPk(group.orgId), sk: groupSk(group.groupId) },
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': group.version },
          },
        },
        onConditionFailed: () => new GroupVersionMismatchError(group.groupId, group.version),
      },
      releaseName(group),
      auditPut(audit),
    ];
    await this.write(head, group.members.map((userId) => deleteMember(group, userId)));
  }

  /**
   * Writes the group's own items and as many member items as fit in one
   * transaction, then the remaining member items in further transactions.
   */
  private async write(head: GuardedItem[], memberWrites: GuardedItem[]): Promise<void> {
    const firstRoom = MAX_TRANSACTION_ITEMS - head.length;
    await transactWrite(this.client, [...head, ...memberWrites.slice(0, firstRoom)]);
    // NOTE: a change of more than about 95 members spans several transactions, so a failure part-way leaves some member items unwritten.
    for (let start = firstRoom; start < memberWrites.length; start += MAX_TRANSACTION_ITEMS) {
      await transactWrite(this.client, memberWrites.slice(start, start + MAX_TRANSACTION_ITEMS));
    }
  }
}

function claimName(group: Group): GuardedItem {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { pk: orgPk(group.orgId), sk: groupNameSk(nameKey(group.displayName)), type: 'groupName', groupId: group.groupId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => groupNameTaken(group.displayName),
  };
}

function releaseName(group: Group): GuardedItem {
  return {
    item: {
      Delete: {
        TableName: tableName(),
        Key: { pk: orgPk(group.orgId), sk: groupNameSk(nameKey(group.displayName)) },
        ConditionExpression: 'groupId = :groupId',
        ExpressionAttributeValues: { ':groupId': group.groupId },
      },
    },
  };
}

/** A member item; `addedAt` plus the position in the request keeps members in the order they were added. */
function putMember(group: Group, userId: string, index: number): GuardedItem {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: {
          pk: orgPk(group.orgId),
          sk: groupMemberSk(group.groupId, userId),
          type: 'groupMember',
          groupId: group.groupId,
          userId,
          addedAt: `${group.updatedAt}#${String(index).padStart(6, '0')}`,
        },
      },
    },
  };
}

function deleteMember(group: Group, userId: string): GuardedItem {
  return { item: { Delete: { TableName: tableName(), Key: { pk: orgPk(group.orgId), sk: groupMemberSk(group.groupId, userId) } } } };
}
