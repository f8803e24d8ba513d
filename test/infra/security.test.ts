import { App, type CfnResource, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ROUTES, type TableAccess } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import { readConfig } from '../../infra/config.ts';
import { templates } from '../support/synth.ts';

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ,
  write: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};
const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

/** Collects what the route table and the worker list declare for each handler module, merged over its entries. */
function declaredNeeds() {
  const needs = new Map<string, { table: TableAccess; idempotency: boolean; secrets: Set<string>; writesSecrets: Set<string>; sendsTo: Set<string>; consumes: Set<string>; sendsEmail: boolean }>();
  const entry = (handler: string) => {
    const found = needs.get(handler) ?? { table: 'read' as TableAccess, idempotency: false, secrets: new Set<string>(), writesSecrets: new Set<string>(), sendsTo: new Set<string>(), consumes: new Set<string>(), sendsEmail: false };
    needs.set(handler, found);
    return found;
  };
  for (const route of ROUTES) {
    const found = entry(route.handler);
    if (route.table === 'write') found.table = 'write';
    found.idempotency ||= route.idempotency ?? false;
    route.secrets?.forEach((name) => found.secrets.add(name));
    route.writesSecrets?.forEach((name) => found.writesSecrets.add(name));
    route.sendsTo?.forEach((name) => found.sendsTo.add(name));
  }
  for (const worker of WORKERS) {
    const found = entry(worker.handler);
    if (worker.table === 'write') found.table = 'write';
    found.idempotency ||= worker.idempotency ?? false;
    found.sendsEmail ||= worker.sendsEmail ?? false;
    worker.secrets?.forEach((name) => found.secrets.add(name));
    worker.sendsTo?.forEach((name) => found.sendsTo.add(name));
    if (worker.consumes) found.consumes.add(worker.consumes);
    if (worker.redrivesQueues) {
      found.consumes.add('every dead-letter queue');
      found.sendsTo.add('every queue');
    }
  }
  return needs;
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const resourcesOf = (statement: Statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);

describe('least privilege', () => {
  it.each([...declaredNeeds().entries()])('%s gets only what its entries declare', (handler, needs) => {
    const { service: template, stacks } = templates();
    const fn = stacks.service.functions.get(handler)!;
    const roleId = stacks.service.getLogicalId(fn.role!.node.defaultChild as CfnResource);
    const logGroupId = stacks.service.getLogicalId(fn.logGroupResource.node.defaultChild as CfnResource);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
    );
    const statements: Statement[] = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(template.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns, 'no managed policies').toBeUndefined();

    const allowed = new Set<string>(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', ...TABLE_ACTIONS[needs.table]]);
    if (needs.idempotency) IDEMPOTENCY_ACTIONS.forEach((action) => allowed.add(action));
    if (needs.secrets.size > 0) allowed.add('secretsmanager:GetSecretValue');
    if (needs.writesSecrets.size > 0) ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'].forEach((action) => allowed.add(action));
    if (needs.sendsTo.size > 0) SEND_ACTIONS.forEach((action) => allowed.add(action));
    if (needs.consumes.size > 0) CONSUME_ACTIONS.forEach((action) => allowed.add(action));
    if (needs.sendsEmail) ['ses:SendEmail', 'ses:SendRawEmail'].forEach((action) => allowed.add(action));
    // The redrive function is granted every queue pair by its construct, not by entries: consume on dead-letter queues, send on source queues.

    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      const actions = actionsOf(statement);
      for (const action of actions) {
        expect(allowed.has(action), `${handler} may not ${action}`).toBe(true);
        expect(action).not.toContain('*');
      }
      const resources = resourcesOf(statement);
      if (resources.includes('*')) expect(actions.every((action) => action.startsWith('xray:')), `${handler}: only X-Ray may use Resource *`).toBe(true);
      const text = JSON.stringify(resources);
      if (actions.some((action) => action.startsWith('logs:'))) expect(text).toContain(`"${logGroupId}"`);
      if (text.includes('IdempotencyTable')) expect(needs.idempotency, `${handler} uses the idempotency table without declaring it`).toBe(true);
    }

    const tableStatement = statements.find((statement) => /GetAttTable[A-Z0-9]*Arn/.test(JSON.stringify(statement.Resource)));
    expect(tableStatement && actionsOf(tableStatement).sort()).toEqual([...TABLE_ACTIONS[needs.table]].sort());
    const secretNames = statements
      .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => JSON.stringify(statement.Resource).match(/:secret:[^"]+/g) ?? []);
    expect(secretNames).toHaveLength(needs.secrets.size);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged', () => {
    const { stacks } = templates();
    for (const stack of [stacks.stateful, stacks.service]) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      const findings = report.violations.map((violation) => `${violation.ruleName} (${violation.violatingResources.length})`);
      expect(findings, stack.stackName).toEqual([]);
    }
  });

  it('gives every acknowledgement a reason', () => {
    const { app } = templates();
    const acknowledged = app.node
      .findAll()
      .flatMap((node: IConstruct) => node.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
  });
});

describe('API stage', () => {
  it('throttles every route and logs access', () => {
    templates().service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.not(Match.stringLikeRegexp('header|authorization|querystring')) },
    });
  });

  it('reads throttling and OIDC settings from context', () => {
    const config = readConfig(
      new App({
        context: {
          'roster:senderAddress': 'no-reply@example.com',
          'roster:signInUrl': 'https://app.example.com/sign-in',
          'roster:apiThrottleRateLimit': 5,
          'roster:apiThrottleBurstLimit': '10',
          'roster:oidcIssuer': 'https://idp.example.com/',
          'roster:oidcAudience': 'roster',
        },
      }),
    );
    expect(config.apiThrottle).toEqual({ rateLimit: 5, burstLimit: 10 });
    expect(config.oidc).toEqual({ issuer: 'https://idp.example.com/', audience: 'roster' });
  });

  it('rejects an OIDC issuer without audience or https', () => {
    const base = { 'roster:senderAddress': 'no-reply@example.com', 'roster:signInUrl': 'https://app.example.com/sign-in' };
    expect(() => readConfig(new App({ context: { ...base, 'roster:oidcIssuer': 'https://idp.example.com/' } }))).toThrow(/oidcAudience/);
    expect(() => readConfig(new App({ context: { ...base, 'roster:oidcIssuer': 'http://idp.example.com/', 'roster:oidcAudience': 'a' } }))).toThrow(/https/);
  });
});
