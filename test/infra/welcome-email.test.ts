import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { senderEmail } from '../../infra/constructs/welcome-email.ts';
import { templates } from '../support/synth.ts';

type Resource = { Properties: Record<string, any> };

const functionEnv = (fn: Resource) => fn.Properties.Environment.Variables as Record<string, unknown>;

function functionByHandler(handler: string): [string, Resource] {
  const functions = templates().service.findResources('AWS::Lambda::Function', { Properties: { Description: `Roster ${handler}` } });
  const entries = Object.entries(functions) as [string, Resource][];
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

/** Statements of the policies attached to the role of the function with logical id `functionId`. */
function statementsOf(functionId: string): Record<string, any>[] {
  const service = templates().service;
  const fn = service.findResources('AWS::Lambda::Function')[functionId]!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(service.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('welcome email infrastructure', () => {
  it('has the queue with a dead-letter queue', () => {
    templates().stateful.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('feeds the mailer from the queue with partial batch responses', () => {
    const [mailerId] = functionByHandler('workers/welcome-email/mailer');
    templates().service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: mailerId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('configures the mailer from context', () => {
    const [, mailer] = functionByHandler('workers/welcome-email/mailer');
    const env = functionEnv(mailer);
    expect(env.ROSTER_SENDER_ADDRESS).toBe('no-reply@example.com');
    expect(env.ROSTER_SIGN_IN_URL).toBe('https://app.example.com/sign-in');
    expect(env.ROSTER_SES_CONFIGURATION_SET).toEqual({ Ref: expect.stringMatching(/^WelcomeEmailConfigurationSet/) });
    expect(env.ROSTER_IDEMPOTENCY_TABLE_NAME).toBeDefined();
    expect(mailer.Properties.Timeout).toBe(30);
  });

  it('has an SES configuration set', () => {
    templates().service.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });

  it('grants SendEmail for the sender identity only', () => {
    const [mailerId] = functionByHandler('workers/welcome-email/mailer');
    const sesStatements = statementsOf(mailerId).filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
    expect(sesStatements).toHaveLength(1);
    const [statement] = sesStatements;
    expect(statement!.Action).toBe('ses:SendEmail');
    expect(statement!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@example.com' } });
    const resources = JSON.stringify(statement!.Resource);
    expect(statement!.Resource).toHaveLength(2);
    expect(resources).toContain(':identity/example.com');
    expect(resources).toContain(':configuration-set/');
    expect(resources).not.toContain('"*"');
  });

  it('grants SES to no other function', () => {
    const service = templates().service;
    const [mailerId] = functionByHandler('workers/welcome-email/mailer');
    for (const functionId of Object.keys(service.findResources('AWS::Lambda::Function'))) {
      if (functionId === mailerId) continue;
      expect(JSON.stringify(statementsOf(functionId))).not.toContain('ses:');
    }
  });

  it('lets the mailer use the idempotency table', () => {
    const [mailerId] = functionByHandler('workers/welcome-email/mailer');
    const idempotency = statementsOf(mailerId).find((statement) => JSON.stringify(statement.Resource).includes('IdempotencyTable'));
    expect(idempotency?.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem']));
  });

  it.each(['http/users/create', 'http/welcome-email/resend'])('lets %s send to the queue', (handler) => {
    const [functionId, fn] = functionByHandler(handler);
    expect(functionEnv(fn).ROSTER_QUEUE_URL_WELCOME_EMAIL).toBeDefined();
    expect(JSON.stringify(statementsOf(functionId))).toContain('sqs:SendMessage');
  });
});

describe('sender address', () => {
  it('accepts a bare address or a display name', () => {
    expect(senderEmail('no-reply@example.com')).toBe('no-reply@example.com');
    expect(senderEmail('Roster <no-reply@example.com>')).toBe('no-reply@example.com');
  });

  it('rejects a value that is not an address', () => {
    expect(() => senderEmail('Roster')).toThrow('is not an email address');
  });
});
