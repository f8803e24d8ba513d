import { type AuditEntry, type CallerContext, auditEntry } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { credentialsSecretName } from './integration-credentials.ts';
import { INTEGRATIONS, type Integration, normalizeIntegrations } from './integrations.ts';
import type { Org } from './org.ts';
import type { SyncRepository } from './backfill.ts';
import type { Clock, IdGenerator, OrgRepository } from './ports.ts';
import type { SecretStore } from './secrets.ts';

export interface IntegrationServiceDeps {
  orgs: OrgRepository;
  sync: SyncRepository;
  secrets: SecretStore;
  clock: Clock;
  ids: IdGenerator;
}

function integrationAudit(deps: IntegrationServiceDeps, caller: CallerContext, action: string, integration: Integration, before: Integration[], after: Integration[]): AuditEntry {
  return auditEntry(deps, caller, action, { type: 'integration', id: integration }, { integrations: { before, after } });
}

/**
 * Stores the credentials and, when the integration was not yet connected,
 * connects it and marks every active user Need Sync for it. Connecting again
 * only replaces the credentials. Returns whether it was newly connected and
 * how many users were marked.
 */
export async function connectIntegration(
  deps: IntegrationServiceDeps,
  caller: CallerContext,
  org: Org,
  integration: Integration,
  credentials: object,
): Promise<{ connected: boolean; usersMarked: number }> {
  await deps.secrets.put(credentialsSecretName(org.orgId, integration), JSON.stringify(credentials));
  if (org.integrations.includes(integration)) {
    // Rewrites the unchanged list so the replacement gets its audit entry in the same transaction as an org write.
    await deps.orgs.setIntegrations(org.orgId, org.integrations, integrationAudit(deps, caller, 'integration.credentials_replaced', integration, org.integrations, org.integrations));
    return { connected: false, usersMarked: 0 };
  }

  // NOTE: setIntegrations writes the whole list read with the caller. Two admins connecting
  // different integrations at the same moment can lose one of them, and connecting it again restores it.
  const after = normalizeIntegrations([...org.integrations, integration]);
  await deps.orgs.setIntegrations(org.orgId, after, integrationAudit(deps, caller, 'integration.connected', integration, org.integrations, after));
  // NOTE: a user added during a connect can be missed. That happens when their request read
  // the org before the integration was added and wrote the user after the Query below ran.
  const usersMarked = await deps.sync.markActiveUsers(org.orgId, integration);
  return { connected: true, usersMarked };
}

/** Disconnects the integration, clears it from every user's `needsSync` and deletes its credentials. */
export async function disconnectIntegration(
  deps: IntegrationServiceDeps,
  caller: CallerContext,
  org: Org,
  integration: Integration,
): Promise<{ usersCleared: number }> {
  if (!org.integrations.includes(integration)) {
    throw new NotFoundError(`The integration ${integration} is not connected to this org; connect it with PUT /v1/integrations/${integration}.`);
  }
  const after = org.integrations.filter((connected) => connected !== integration);
  await deps.orgs.setIntegrations(org.orgId, after, integrationAudit(deps, caller, 'integration.disconnected', integration, org.integrations, after));
  const usersCleared = await deps.sync.clearAllUsers(org.orgId, integration);
  await deps.secrets.delete(credentialsSecretName(org.orgId, integration));
  return { usersCleared };
}

export interface IntegrationSummary {
  integration: Integration;
  connected: boolean;
  /** Active users marked Need Sync for this integration. */
  usersNeedingSync: number;
}

export async function listIntegrations(deps: Pick<IntegrationServiceDeps, 'sync'>, org: Org): Promise<IntegrationSummary[]> {
  const counts = await deps.sync.countNeedingSync(org.orgId);
  return INTEGRATIONS.map((integration) => ({
    integration,
    connected: org.integrations.includes(integration),
    usersNeedingSync: counts[integration],
  }));
}

export function requireConnected(org: Org, integration: Integration): void {
  if (!org.integrations.includes(integration)) {
    throw new ConflictError(
      'integration_not_connected',
      `The integration ${integration} is not connected to this org; connect it with PUT /v1/integrations/${integration} first.`,
    );
  }
}
