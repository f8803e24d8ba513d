import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, QUEUES, TABLE, deadLetterQueueName } from '../resources.ts';
import type { StageConfig } from '../config.ts';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * Resources that hold data: the table and generated secrets. Kept apart from
 * the functions so a stateless redeploy or teardown never touches them.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly idempotencyTable: TableV2;
  readonly cursorKey: Secret;
  /** Each queue of infra/resources.ts with its dead-letter queue, by short name. */
  readonly queues = new Map<string, { queue: Queue; deadLetterQueue: Queue }>();

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.tableDeletionProtection,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: IDEMPOTENCY_TABLE.timeToLiveAttribute,
      // Records live minutes to hours; losing them on teardown only re-allows a retry.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.cursorKey = new Secret(this, 'CursorSigningKey', {
      secretName: `${config.secretPrefix}cursor-signing-key`,
      description: 'HMAC key that makes list cursors tamper-evident and bound to one org.',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    for (const definition of QUEUES) {
      const deadLetterQueue = new Queue(this, `${definition.name}-dlq`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, definition.name, {
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      });
      this.queues.set(definition.name, { queue, deadLetterQueue });
      this.queues.set(deadLetterQueueName(definition), { queue: deadLetterQueue, deadLetterQueue });
    }
  }
}
