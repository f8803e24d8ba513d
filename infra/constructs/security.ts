import { Validations } from 'aws-cdk-lib';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { ROUTES } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import type { ServiceContext } from '../stacks/service-stack.ts';
import type { StatefulStack } from '../stacks/stateful-stack.ts';

/**
 * Adds throttling to the HTTP API's default stage (addMonitoring adds its
 * access log), gives the admin route functions the OIDC issuer settings, and
 * records the reason for each cdk-nag AwsSolutions finding that the design accepts.
 */
export function addSecurity(context: ServiceContext): void {
  const { config, api, functions } = context;

  const stage = api.defaultStage!.node.defaultChild as CfnStage;
  stage.defaultRouteSettings = {
    throttlingRateLimit: config.apiThrottle.rateLimit,
    throttlingBurstLimit: config.apiThrottle.burstLimit,
  };

  if (config.oidc) {
    const { issuer, audience, jwksUrl, orgClaim, emailClaim } = config.oidc;
    const adminHandlers = new Set(ROUTES.filter((route) => route.auth === 'admin').map((route) => route.handler));
    for (const handler of adminHandlers) {
      const fn = functions.get(handler)!;
      fn.addEnvironment('ROSTER_OIDC_ISSUER', issuer).addEnvironment('ROSTER_OIDC_AUDIENCE', audience);
      if (jwksUrl) fn.addEnvironment('ROSTER_OIDC_JWKS_URL', jwksUrl);
      if (orgClaim) fn.addEnvironment('ROSTER_OIDC_ORG_CLAIM', orgClaim);
      if (emailClaim) fn.addEnvironment('ROSTER_OIDC_EMAIL_CLAIM', emailClaim);
    }
  }

  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'Each function authenticates the caller itself, against the live user record (admin token or OIDC token) or the SCIM token, because an API Gateway authorizer cannot see that a user was suspended, deleted or demoted a moment ago.',
  });
  for (const [handler, names] of perOrgSecrets()) {
    const role = functions.get(handler)?.role;
    if (!role) continue;
    for (const name of names) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${config.secretPrefix}${name}-??????]`,
        reason:
          'Integration credentials are one secret per org, named after the org id, so the policy names the org with a wildcard; the integration part of the name stays fixed, and the code touches only the secret of the org it works for.',
      });
    }
  }
  for (const fn of functions.values()) {
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only X-Ray tracing uses Resource *: xray:PutTraceSegments and xray:PutTelemetryRecords cannot be scoped to a resource. A test asserts that no other action has Resource *.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The functions run Node.js 24, the major that package.json pins for local runs, tests and bundling (target node24); the runtime moves together with them.',
    });
  }
}

/** Secret names with a wildcard (per-org secrets), by the handler whose entries declare them. */
function perOrgSecrets(): Map<string, Set<string>> {
  const byHandler = new Map<string, Set<string>>();
  const entries = [...ROUTES.map((route) => ({ handler: route.handler, names: [...(route.secrets ?? []), ...(route.writesSecrets ?? [])] })), ...WORKERS.map((worker) => ({ handler: worker.handler, names: worker.secrets ?? [] }))];
  for (const { handler, names } of entries) {
    for (const name of names.filter((candidate) => candidate.includes('*'))) {
      byHandler.set(handler, (byHandler.get(handler) ?? new Set()).add(name));
    }
  }
  return byHandler;
}

/** Records the reason for each cdk-nag AwsSolutions finding in the stateful stack that the design accepts. */

export function acknowledgeStatefulFindings(stack: StatefulStack): void {
  Validations.of(stack.cursorKey).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The cursor signing key is an HMAC key, not a credential: replacing its value only makes outstanding list cursors invalid (a 400 asking to restart from the first page), so it is rotated by hand when needed, with no rotation function.',
  });
}
