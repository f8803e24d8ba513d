import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { INTEGRATIONS } from '../../functions/domain/integrations.ts';
import { functionId } from '../../functions/routes.ts';
import { templates } from '../support/synth.ts';

const consumerId = (integration: string) => functionId(`workers/backfill/${integration}`);

/** Returns the IAM statements of the policies attached to a function's role. */
function statementsOf(functionLogicalPrefix: string): { Action: string | string[]; Resource: unknown }[] {
  const service = templates().service;
  const functions = service.findResources('AWS::Lambda::Function');
  const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(functionLogicalPrefix))!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(service.findResources('AWS::IAM::Policy')).filter((policy) =>
    policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('backfill stacks', () => {
  it('has a queue and DLQ per integration', () => {
    const queues = templates().stateful.findResources('AWS::SQS::Queue');
    for (const integration of INTEGRATIONS) {
      const queue = Object.entries(queues).find(([id]) => id.startsWith(`backfill${integration}`) && !id.includes('dlq'));
      expect(queue, `queue for ${integration}`).toBeDefined();
      expect(queue![1].Properties.RedrivePolicy.maxReceiveCount).toBe(3);
      expect(JSON.stringify(queue![1].Properties.RedrivePolicy.deadLetterTargetArn)).toContain(`backfill${integration}dlq`);
    }
  });

  it('has a consumer per integration reporting batch item failures', () => {
    const service = templates().service;
    for (const integration of INTEGRATIONS) {
      const mappings = service.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: Match.stringLikeRegexp(`^${consumerId(integration)}`) } },
      });
      const [mapping] = Object.values(mappings);
      expect(mapping, `mapping for ${integration}`).toBeDefined();
      expect(mapping!.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping!.Properties.BatchSize).toBe(10);
    }
  });

  it('lets each consumer read only its own secret', () => {
    for (const integration of INTEGRATIONS) {
      const reads = statementsOf(consumerId(integration)).filter((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
      expect(reads).toHaveLength(1);
      const resources = JSON.stringify(reads[0]!.Resource);
      expect(resources).toContain(`roster/dev/integrations/*/${integration}-??????`);
      for (const other of INTEGRATIONS.filter((candidate) => candidate !== integration)) expect(resources).not.toContain(other);
    }
  });

  it('grants no consumer secret writes', () => {
    for (const integration of INTEGRATIONS) {
      const actions = statementsOf(consumerId(integration)).flatMap((statement) => [statement.Action].flat());
      expect(actions).not.toContain('secretsmanager:PutSecretValue');
      expect(actions).not.toContain('secretsmanager:CreateSecret');
    }
  });
});
