import type { CallerContext } from './audit.ts';
import { userAudit } from './user-service.ts';
import type { Integration } from './integrations.ts';
import { normalizeIntegrations } from './integrations.ts';
import { DEFAULT_ORG_SETTINGS, type Org } from './org.ts';
import type { Clock, IdGenerator, OrgRepository } from './ports.ts';
import { type User, newUser } from './user.ts';

export interface CreateOrgCommand {
  name: string;
  adminEmail: string;
  adminGivenName: string;
  adminFamilyName: string;
  integrations?: Integration[];
  welcomeEmailsDefault?: boolean;
}

/**
 * Creates an org with its first admin, who counts as its one active admin and,
 * like any new user, is marked Need Sync for the integrations connected here.
 */
export async function createOrg(
  deps: { orgs: OrgRepository; clock: Clock; ids: IdGenerator },
  operator: string,
  command: CreateOrgCommand,
): Promise<{ org: Org; admin: User }> {
  const now = deps.clock.now();
  const orgId = deps.ids.next();
  const integrations = normalizeIntegrations(command.integrations ?? []);
  const org: Org = {
    orgId,
    name: command.name.trim(),
    settings: { ...DEFAULT_ORG_SETTINGS, ...(command.welcomeEmailsDefault === undefined ? {} : { welcomeEmailsDefault: command.welcomeEmailsDefault }) },
    integrations,
    activeAdminCount: 1,
    createdAt: now,
    updatedAt: now,
  };
  const admin = newUser({
    orgId,
    userId: deps.ids.next(),
    email: command.adminEmail,
    givenName: command.adminGivenName,
    familyName: command.adminFamilyName,
    role: 'admin',
    connectedIntegrations: integrations,
    welcomeEmail: { status: 'not_requested' },
    now,
  });
  const caller: CallerContext = { orgId, actor: { type: 'operator', name: operator }, channel: 'operator' };
  await deps.orgs.create(org, admin, { ...userAudit(deps, caller, 'org.created', admin.userId, undefined, admin) });
  return { org, admin };
}
