import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoWelcomeEmailStateStore } from '#adapters/dynamodb/welcome-email-store';
import { SqsJsonQueue } from '#adapters/sqs/json-queue';
import { documentClient } from '#commons/clients';
import { requireEnv } from '#commons/config';
import { tracer } from '#commons/powertools';
import { queueUrlVariable } from '../../../infra/resources.ts';
import { WELCOME_EMAIL_QUEUE } from './definition.ts';

/**
 * Adapters that both the API functions and the mailer use, built on first use.
 * The SES sender is built in the mailer module, so the API bundles leave the SES client out.
 */
let states: DynamoWelcomeEmailStateStore | undefined;
let queue: SqsJsonQueue | undefined;

export function welcomeEmailStates(): DynamoWelcomeEmailStateStore {
  states ??= new DynamoWelcomeEmailStateStore(documentClient);
  return states;
}

export function welcomeEmailQueue(): SqsJsonQueue {
  queue ??= new SqsJsonQueue(tracer.captureAWSv3Client(new SQSClient({})), requireEnv(queueUrlVariable(WELCOME_EMAIL_QUEUE)));
  return queue;
}

/** Sender address and sign-in base URL; CDK sets both from context, local/stack.ts sets local values. */
export function mailSettings() {
  return { from: requireEnv('ROSTER_SENDER_ADDRESS'), signInUrl: requireEnv('ROSTER_SIGN_IN_URL') };
}
