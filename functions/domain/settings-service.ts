import { type CallerContext, auditEntry, diffFields } from './audit.ts';
import type { Org, OrgSettings } from './org.ts';
import type { Clock, IdGenerator, OrgRepository } from './ports.ts';

export interface SettingsChanges {
  welcomeEmailsDefault?: boolean;
  autoBackfill?: boolean;
  /** `null` clears the admin group. */
  adminGroupName?: string | null;
}

export async function updateSettings(
  deps: { orgs: OrgRepository; clock: Clock; ids: IdGenerator },
  caller: CallerContext,
  org: Org,
  changes: SettingsChanges,
): Promise<Org> {
  const settings: OrgSettings = { ...org.settings };
  if (changes.welcomeEmailsDefault !== undefined) settings.welcomeEmailsDefault = changes.welcomeEmailsDefault;
  if (changes.autoBackfill !== undefined) settings.autoBackfill = changes.autoBackfill;
  if (changes.adminGroupName === null) delete settings.adminGroupName;
  else if (changes.adminGroupName !== undefined) settings.adminGroupName = changes.adminGroupName;

  const changed = diffFields(org.settings, settings);
  if (Object.keys(changed).length === 0) return org;
  const now = deps.clock.now();
  await deps.orgs.updateSettings(org.orgId, settings, auditEntry(deps, { ...caller, orgId: org.orgId }, 'settings.updated', { type: 'org', id: org.orgId }, changed, now));
  return { ...org, settings, updatedAt: now };
}
