import type { Integration } from '../../functions/domain/integrations.ts';

export interface BenchOrg {
  orgId: string;
  adminUserId: string;
  adminToken: string;
}

let orgCount = 0;

/** Creates an org with one admin through the operator function, as `npm run create-org` does. */
export async function createBenchOrg(options: { integrations?: Integration[] } = {}): Promise<BenchOrg> {
  const { createOrgWithAdmin } = await import('../../functions/operator/create-org.ts');
  orgCount++;
  const created = await createOrgWithAdmin({
    name: `Bench Org ${orgCount}`,
    adminEmail: `bench-admin${orgCount}@example.com`,
    integrations: options.integrations ?? ['salesforce', 'gong'],
    welcomeEmailsDefault: false,
    operator: 'bench',
  });
  return { orgId: created.orgId, adminUserId: created.adminUserId, adminToken: created.adminToken };
}

/** Issues a SCIM bearer token for the org through the token service, as an operator would. */
export async function issueScimToken(orgId: string): Promise<string> {
  const { createToken } = await import('../../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../../functions/commons/dependencies.ts');
  const { token } = await createToken(tokenServiceDeps, { orgId, actor: { type: 'operator', name: 'bench' }, channel: 'operator' }, { kind: 'scim', name: 'bench' });
  return token;
}
