import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WelcomeEmailRequest, WelcomeEmailStateStore } from '#domain/welcome-email';
import type { WelcomeEmailState } from '#domain/user';
import { tableName } from '#commons/config';
import { orgPk, userSk } from './keys.ts';

/**
 * Records the mailer's outcome on the user item. Each write SETs only
 * `welcomeEmail`, so it neither bumps `version` (an admin's ETag stays valid)
 * nor overwrites a concurrent change to another attribute.
 */
export class DynamoWelcomeEmailStateStore implements WelcomeEmailStateStore {
  constructor(private readonly client: DynamoDBDocumentClient) {}

  markSent(request: WelcomeEmailRequest, sent: { sentAt: string; messageId: string }): Promise<boolean> {
    return this.write(request, { status: 'sent', requestId: request.requestId, ...sent });
  }

  markFailed(request: WelcomeEmailRequest, failed: { failedAt: string; reason: string }): Promise<boolean> {
    return this.write(request, { status: 'failed', requestId: request.requestId, ...failed }, 'AND welcomeEmail.#status <> :sent');
  }

  private async write(request: WelcomeEmailRequest, state: WelcomeEmailState, extraCondition = ''): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: orgPk(request.orgId), sk: userSk(request.userId) },
          UpdateExpression: 'SET welcomeEmail = :state',
          // A resend replaces the request id, so a late outcome of an older request cannot overwrite the newer one.
          ConditionExpression: `welcomeEmail.requestId = :requestId ${extraCondition}`.trim(),
          ...(extraCondition ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: { ':state': state, ':requestId': request.requestId, ...(extraCondition ? { ':sent': 'sent' } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
