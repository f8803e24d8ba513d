import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import { templates } from '../support/synth.ts';

describe('stateful stack', () => {
  it('has an on-demand table with point-in-time recovery and TTL', () => {
    templates().stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
      ],
    });
  });

  it('deletes the dev table with its stack', () => {
    const tables = templates().stateful.findResources('AWS::DynamoDB::GlobalTable');
    expect(Object.values(tables).map((table) => table.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });
});

describe('service stack', () => {
  it('has an integration for every route in the route table', () => {
    const routes = templates().service.findResources('AWS::ApiGatewayV2::Route');
    const keys = Object.values(routes).map((route) => route.Properties.RouteKey).sort();
    expect(keys).toEqual(ROUTES.map(routeKey).sort());
    for (const route of Object.values(routes)) expect(route.Properties.Target).toBeDefined();
  });

  it('runs every function on Node 24, arm64, with tracing', () => {
    const functions = Object.values(templates().service.findResources('AWS::Lambda::Function'));
    const handlers = new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)]);
    expect(functions).toHaveLength(handlers.size);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('gives every function its own log group with retention', () => {
    const service = templates().service;
    const functions = Object.values(service.findResources('AWS::Lambda::Function'));
    const logGroups = service.findResources('AWS::Logs::LogGroup');
    for (const fn of functions) {
      const logGroupRef = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
      expect(logGroups[logGroupRef]?.Properties.RetentionInDays).toBe(30);
    }
  });

  it('grants read-only routes no write actions', () => {
    const policies = Object.values(templates().service.findResources('AWS::IAM::Policy'));
    const listPolicy = policies.find((policy) => JSON.stringify(policy.Properties.Roles).includes('HttpUsersList'));
    const actions = JSON.stringify(listPolicy?.Properties.PolicyDocument.Statement);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:Scan');
  });
});
