import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoWelcomeEmailStateStore } from '#adapters/dynamodb/welcome-email-store';
import { SesEmailSender } from '#adapters/ses/email-sender';
import { SqsJsonQueue } from '#adapters/sqs/json-queue';
import { documentClient } from '#commons/clients';
import { requireEnv } from '#commons/config';
import { tracer } from '#commons/powertools';
import { queueUrlVariable } from '../../../infra/resources.ts';
import { WELCOME_EMAIL_QUEUE } from './definition.ts';

/** Adapters of the welcome email, built on first use so that a function that never sends mail creates no SES or SQS client. */
let states: DynamoWelcomeEmailStateStore | undefined;
let queue: SqsJsonQueue | undefined;
let sender: SesEmailSender | undefined;

export function welcomeEmailStates(): DynamoWelcomeEmailStateStore {
  states ??= new DynamoWelcomeEmailStateStore(documentClient);
  return states;
}

export function welcomeEmailQueue(): SqsJsonQueue {
  queue ??= new SqsJsonQueue(tracer.captureAWSv3Client(new SQSClient({})), requireEnv(queueUrlVariable(WELCOME_EMAIL_QUEUE)));
  return queue;
}

export function welcomeEmailSender(): SesEmailSender {
  sender ??= new SesEmailSender(tracer.captureAWSv3Client(new SESv2Client({})), process.env.ROSTER_SES_CONFIGURATION_SET || undefined);
  return sender;
}

/** Sender address and sign-in base URL; CDK sets both from context, local/stack.ts sets local values. */
export function mailSettings() {
  return { from: requireEnv('ROSTER_SENDER_ADDRESS'), signInUrl: requireEnv('ROSTER_SIGN_IN_URL') };
}
