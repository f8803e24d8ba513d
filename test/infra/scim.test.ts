import { describe, expect, it } from 'vitest';
import { BACKFILL_QUEUE_NAMES } from '../../functions/workers/backfill/definition.ts';
import { templates } from '../support/synth.ts';

type Resource = { Properties: Record<string, any> };

function scimUsersFunction(): Resource {
  const functions = Object.values(templates().service.findResources('AWS::Lambda::Function', { Properties: { Description: 'Roster http/scim/users' } }));
  expect(functions).toHaveLength(1);
  return functions[0] as Resource;
}

/** Queue ARNs (as their cross-stack import names) the function's role may send to. */
function sendTargets(fn: Resource): string[] {
  const service = templates().service;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(service.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[])
    .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
    .flatMap((statement) => [statement.Resource].flat().map((resource) => JSON.stringify(resource)));
}

describe('SCIM users function', () => {
  // A SCIM-created user gets the welcome email and, with autoBackfill, backfills, and an email change queues backfills.
  it.each(['welcome-email', ...BACKFILL_QUEUE_NAMES])('may send to %s', (queue) => {
    const fn = scimUsersFunction();
    const variable = `ROSTER_QUEUE_URL_${queue.replaceAll('-', '_').toUpperCase()}`;
    expect(fn.Properties.Environment.Variables[variable]).toBeDefined();
    const arn = new RegExp(`FnGetAtt${queue.replaceAll('-', '')}[0-9A-F]{8}Arn`);
    expect(sendTargets(fn).filter((target) => arn.test(target))).toHaveLength(1);
  });
});
