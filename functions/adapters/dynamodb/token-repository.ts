import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#domain/audit';
import { NotFoundError } from '#domain/errors';
import type { Org } from '#domain/org';
import type { TokenKind, TokenRecord } from '#domain/tokens';
import type { User } from '#domain/user';
import { tableName } from '#commons/config';
import { auditPut } from './audit-items.ts';
import { API_TOKEN_PREFIX, ORG_SK, SCIM_TOKEN_PREFIX, USER_PREFIX, apiTokenSk, orgPk, scimTokenSk, userSk } from './keys.ts';
import { orgFromItem } from './org-repository.ts';
import { queryAllWithPrefix } from './paged-query.ts';
import { transactWrite } from './transact.ts';
import { userFromItem } from './user-items.ts';

const tokenSk = (kind: TokenKind, tokenId: string) => (kind === 'api' ? apiTokenSk(tokenId) : scimTokenSk(tokenId));
const tokenPrefix = (kind: TokenKind) => (kind === 'api' ? API_TOKEN_PREFIX : SCIM_TOKEN_PREFIX);

function tokenFromItem(item: Record<string, unknown>): TokenRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as TokenRecord;
}

export interface CallerRecords {
  token?: TokenRecord;
  user?: User;
  org?: Org;
  /** Present when a target user was asked for: the user the request acts on, undefined inside if no such user exists. */
  target?: { user: User | undefined };
}

export class DynamoTokenRepository {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  /**
   * Reads the token, its owner and the org in one strongly consistent
   * BatchGetItem, so every request reads the live user record. With
   * `targetUserId`, the same call also reads the user the request acts on,
   * which saves the route a round trip of its own.
   */
  async loadCaller(kind: TokenKind, orgId: string, tokenId: string, userId?: string, targetUserId?: string): Promise<CallerRecords> {
    const userIds = [...new Set([userId, targetUserId].filter((id): id is string => id !== undefined))];
    const keys = [
      { pk: orgPk(orgId), sk: tokenSk(kind, tokenId) },
      { pk: orgPk(orgId), sk: ORG_SK },
      // BatchGetItem rejects duplicate keys, so a caller acting on themselves is read once.
      ...userIds.map((id) => ({ pk: orgPk(orgId), sk: userSk(id) })),
    ];
    const records: CallerRecords = targetUserId === undefined ? {} : { target: { user: undefined } };
    let pending: Record<string, unknown>[] | undefined = keys;
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const output: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }),
      );
      const { Responses, UnprocessedKeys } = output;
      for (const item of Responses?.[tableName()] ?? []) {
        if (item.sk === ORG_SK) records.org = orgFromItem(item);
        else if (typeof item.sk === 'string' && item.sk.startsWith(USER_PREFIX)) {
          const user = userFromItem(item);
          if (user.userId === userId) records.user = user;
          if (user.userId === targetUserId) records.target = { user };
        }
        else records.token = tokenFromItem(item);
      }
      pending = UnprocessedKeys?.[tableName()]?.Keys;
    }
    if (pending && pending.length > 0) throw new Error('DynamoDB left keys unprocessed after 5 BatchGetItem attempts.');
    return records;
  }

  async create(record: TokenRecord, audit: AuditEntry): Promise<void> {
    await transactWrite(this.client, [
      {
        item: {
          Put: {
            TableName: tableName(),
            Item: { pk: orgPk(record.orgId), sk: tokenSk(record.kind, record.tokenId), type: `${record.kind}Token`, ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      auditPut(audit),
    ]);
  }

  /** Lists an org's tokens of one kind, optionally only those owned by `userId`. */
  async list(kind: TokenKind, orgId: string, userId?: string): Promise<TokenRecord[]> {
    const items = await queryAllWithPrefix(
      this.client,
      orgId,
      tokenPrefix(kind),
      userId ? { FilterExpression: 'userId = :userId', ExpressionAttributeValues: { ':userId': userId } } : {},
    );
    return items.map(tokenFromItem);
  }

  /** Deletes a token; with `userId`, only a token owned by that user. */
  async delete(kind: TokenKind, orgId: string, tokenId: string, audit: AuditEntry, userId?: string): Promise<void> {
    await transactWrite(this.client, [
      {
        item: {
          Delete: {
            TableName: tableName(),
            Key: { pk: orgPk(orgId), sk: tokenSk(kind, tokenId) },
            ConditionExpression: userId ? 'attribute_exists(pk) AND userId = :userId' : 'attribute_exists(pk)',
            ...(userId ? { ExpressionAttributeValues: { ':userId': userId } } : {}),
          },
        },
        onConditionFailed: () => new NotFoundError(`No token with id ${tokenId} exists.`),
      },
      auditPut(audit),
    ]);
  }
}
