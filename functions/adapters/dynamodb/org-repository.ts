import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { ConflictError, NotFoundError } from '#domain/errors';
import { type Integration, normalizeIntegrations } from '#domain/integrations';
import type { Org, OrgSettings } from '#domain/org';
import type { OrgRepository } from '#domain/ports';
import { type User, emailKey } from '#domain/user';
import { tableName } from '#commons/config';
import { auditPut } from './audit-items.ts';
import { ORG_SK, emailSk, orgPk } from './keys.ts';
import { transactWrite } from './transact.ts';
import { userToItem } from './user-items.ts';

export function orgToItem(org: Org): Record<string, unknown> {
  const { integrations, ...rest } = org;
  return {
    pk: orgPk(org.orgId),
    sk: ORG_SK,
    type: 'org',
    ...rest,
    ...(integrations.length > 0 ? { integrations: new Set(integrations) } : {}),
  };
}

export function orgFromItem(item: Record<string, unknown>): Org {
  const { pk: _pk, sk: _sk, type: _type, integrations, ...rest } = item;
  return {
    ...(rest as Omit<Org, 'integrations'>),
    integrations: normalizeIntegrations(integrations instanceof Set ? (integrations as Set<Integration>) : []),
  };
}

export class DynamoOrgRepository implements OrgRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  async get(orgId: string): Promise<Org | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: tableName(), Key: { pk: orgPk(orgId), sk: ORG_SK }, ConsistentRead: true }),
    );
    return Item ? orgFromItem(Item) : undefined;
  }

  async create(org: Org, firstAdmin: User, audit: AuditEntry): Promise<void> {
    await transactWrite(this.client, [
      {
        item: { Put: { TableName: tableName(), Item: orgToItem(org), ConditionExpression: 'attribute_not_exists(pk)' } },
        onConditionFailed: () => new ConflictError('org_exists', `An org with id ${org.orgId} already exists.`),
      },
      { item: { Put: { TableName: tableName(), Item: userToItem(firstAdmin), ConditionExpression: 'attribute_not_exists(pk)' } } },
      {
        item: {
          Put: {
            TableName: tableName(),
            Item: { pk: orgPk(org.orgId), sk: emailSk(emailKey(firstAdmin.email)), type: 'email', userId: firstAdmin.userId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      auditPut(audit),
    ]);
  }

  async updateSettings(orgId: string, settings: OrgSettings, audit: AuditEntry): Promise<void> {
    await transactWrite(this.client, [
      {
        item: {
          Update: {
            TableName: tableName(),
            Key: { pk: orgPk(orgId), sk: ORG_SK },
            UpdateExpression: 'SET settings = :settings, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':settings': settings, ':now': audit.at },
          },
        },
        onConditionFailed: () => new NotFoundError(`Org ${orgId} does not exist.`),
      },
      auditPut(audit),
    ]);
  }

  async setIntegrations(orgId: string, integrations: Integration[], audit: AuditEntry): Promise<void> {
    const hasAny = integrations.length > 0;
    await transactWrite(this.client, [
      {
        item: {
          Update: {
            TableName: tableName(),
            Key: { pk: orgPk(orgId), sk: ORG_SK },
            UpdateExpression: hasAny ? 'SET integrations = :integrations, updatedAt = :now' : 'SET updatedAt = :now REMOVE integrations',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: hasAny ? { ':integrations': new Set(integrations), ':now': audit.at } : { ':now': audit.at },
          },
        },
        onConditionFailed: () => new NotFoundError(`Org ${orgId} does not exist.`),
      },
      auditPut(audit),
    ]);
  }
}
