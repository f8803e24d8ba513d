import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncRecord, SyncRepository } from '#domain/backfill';
import { INTEGRATIONS, type Integration } from '#domain/integrations';
import type { User } from '#domain/user';
import { tableName } from '#commons/config';
import { USER_PREFIX, orgPk, userSk } from './keys.ts';
import { type PrefixQueryOptions, queryAllWithPrefix } from './paged-query.ts';
import { transactWrite } from './transact.ts';
import { userFromItem } from './user-items.ts';

/** Sync status item of one user and integration. */
const syncPrefix = (userId: string) => `SYNC#${userId}#`;
const syncSk = (userId: string, integration: Integration) => `${syncPrefix(userId)}${integration}`;

/**
 * Age after which a `queued` or `running` status no longer blocks a new
 * request: longer than a message can stay in the queue, which is 3 receives
 * with a 720 s visibility timeout (36 min) plus queueing delay.
 */
const PENDING_EXPIRY_MS = 60 * 60_000;

/** How many per-user updates of a connect or disconnect run at once. */
const UPDATE_CONCURRENCY = 8;

export class DynamoSyncRepository implements SyncRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  /** Reads every user item of the org, page by page, with an optional filter. */
  private queryUsers(orgId: string, filter?: PrefixQueryOptions) {
    return queryAllWithPrefix(this.client, orgId, USER_PREFIX, filter);
  }

  async markActiveUsers(orgId: string, integration: Integration): Promise<number> {
    const active = await this.queryUsers(orgId, {
      FilterExpression: '#status = :active',
      ProjectionExpression: 'userId',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    });
    return this.updateEach(orgId, active, 'ADD needsSync :integration', integration, '#status = :active');
  }

  async clearAllUsers(orgId: string, integration: Integration): Promise<number> {
    const marked = await this.queryUsers(orgId, {
      FilterExpression: 'contains(needsSync, :name)',
      ProjectionExpression: 'userId',
      ExpressionAttributeValues: { ':name': integration },
    });
    return this.updateEach(orgId, marked, 'DELETE needsSync :integration', integration);
  }

  /** Applies one set update to each listed user; a user whose condition no longer holds is left alone. */
  private async updateEach(orgId: string, users: Record<string, unknown>[], expression: string, integration: Integration, condition?: string): Promise<number> {
    let changed = 0;
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const userId = users[next++]!.userId as string;
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk: orgPk(orgId), sk: userSk(userId) },
              UpdateExpression: expression,
              ConditionExpression: condition ? `attribute_exists(pk) AND ${condition}` : 'attribute_exists(pk)',
              ...(condition ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
              ExpressionAttributeValues: { ':integration': new Set([integration]), ...(condition ? { ':active': 'active' } : {}) },
            }),
          );
          changed++;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPDATE_CONCURRENCY, users.length) }, worker));
    return changed;
  }

  async activeUsersNeedingSync(orgId: string, integration: Integration): Promise<User[]> {
    const items = await this.queryUsers(orgId, {
      FilterExpression: '#status = :active AND contains(needsSync, :name)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active', ':name': integration },
    });
    return items.map(userFromItem);
  }

  async countNeedingSync(orgId: string): Promise<Record<Integration, number>> {
    const items = await this.queryUsers(orgId, {
      FilterExpression: '#status = :active AND attribute_exists(needsSync)',
      ProjectionExpression: 'needsSync',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    });
    const counts = Object.fromEntries(INTEGRATIONS.map((integration) => [integration, 0])) as Record<Integration, number>;
    for (const item of items) {
      for (const integration of (item.needsSync as Set<string> | undefined) ?? []) {
        if (integration in counts) counts[integration as Integration]++;
      }
    }
    return counts;
  }

  async claimQueued(orgId: string, userId: string, integration: Integration, generation: number, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: tableName(),
          Item: syncItem(orgId, userId, { integration, status: 'queued', updatedAt: at, generation }),
          // A pending backfill of an older generation reads the old email's data, so a newer generation may queue again.
          // A status left pending past PENDING_EXPIRY_MS belongs to a consumer that was stopped (a timeout) and never recorded the outcome.
          ConditionExpression:
            'attribute_not_exists(pk) OR NOT (#status IN (:queued, :running)) OR #generation < :generation OR #updatedAt < :expired',
          ExpressionAttributeNames: { '#status': 'status', '#generation': 'generation', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':running': 'running',
            ':generation': generation,
            ':expired': new Date(Date.parse(at) - PENDING_EXPIRY_MS).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async setStatus(orgId: string, userId: string, record: SyncRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: tableName(), Item: syncItem(orgId, userId, record) }));
  }

  async statuses(orgId: string, userId: string): Promise<SyncRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': orgPk(orgId), ':prefix': syncPrefix(userId) },
        ConsistentRead: true,
      }),
    );
    return Items.map(({ pk: _pk, sk: _sk, type: _type, userId: _userId, ...record }) => record as SyncRecord);
  }

  async completeSync(orgId: string, userId: string, record: SyncRecord): Promise<boolean> {
    try {
      await transactWrite(this.client, [
        {
          item: {
            Update: {
              TableName: tableName(),
              Key: { pk: orgPk(orgId), sk: userSk(userId) },
              UpdateExpression: 'DELETE needsSync :integration',
              ConditionExpression: 'syncGeneration = :generation',
              ExpressionAttributeValues: { ':integration': new Set([record.integration]), ':generation': record.generation },
            },
          },
          onConditionFailed: () => new StaleGenerationError(),
        },
        { item: { Put: { TableName: tableName(), Item: syncItem(orgId, userId, record) } } },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof StaleGenerationError)) throw error;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: tableName(),
          Item: syncItem(orgId, userId, {
            ...record,
            status: 'needs_sync',
            reason: 'email_changed: the email changed while this backfill ran, so its data belongs to the old email; run the backfill again.',
          }),
          // A backfill for the new email may already be queued; its status stays.
          ConditionExpression: 'attribute_not_exists(pk) OR #generation <= :generation',
          ExpressionAttributeNames: { '#generation': 'generation' },
          ExpressionAttributeValues: { ':generation': record.generation },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return false;
  }
}

class StaleGenerationError extends Error {}

function syncItem(orgId: string, userId: string, record: SyncRecord): Record<string, unknown> {
  return { pk: orgPk(orgId), sk: syncSk(userId, record.integration), type: 'sync', userId, ...record };
}
