import { NotFoundError } from './errors.ts';
import { INTEGRATIONS, type Integration } from './integrations.ts';
import type { OrgRepository, UserRepository } from './ports.ts';
import type { User } from './user.ts';

/** Users read per repository call while building the report. */
const PAGE_SIZE = 100;

export interface NeedSyncReportOptions {
  /** Report only users waiting for this integration. */
  integration?: Integration;
  /** Users listed in the report; counts cover every user read. */
  maxUsers: number;
  /** Returns false when there is no time left to read another page. */
  hasTimeLeft: () => boolean;
}

export interface NeedSyncReport {
  orgId: string;
  orgName: string;
  connectedIntegrations: Integration[];
  /** Users who are active or suspended and still marked Need Sync, per integration. Deleted users are not synced and not counted. */
  counts: { users: number; byIntegration: Record<Integration, number> };
  users: Pick<User, 'userId' | 'email' | 'status' | 'needsSync' | 'syncGeneration' | 'updatedAt'>[];
  /** More users matched than `maxUsers`; the counts still include them. */
  truncated: boolean;
  /** False when time ran out before every user was read, so the counts are a lower bound. */
  complete: boolean;
}

/**
 * Lists an org's users who still need a backfill, oldest first, with counts
 * per integration, for an operator checking why data is missing.
 */
export async function needSyncReport(
  deps: { users: UserRepository; orgs: OrgRepository },
  orgId: string,
  options: NeedSyncReportOptions,
): Promise<NeedSyncReport> {
  const org = await deps.orgs.get(orgId);
  if (!org) throw new NotFoundError(`No org with id ${orgId} exists.`);

  const byIntegration = Object.fromEntries(INTEGRATIONS.map((integration) => [integration, 0])) as Record<Integration, number>;
  const listed: NeedSyncReport['users'] = [];
  let matched = 0;
  let after: string | undefined;
  let complete = true;
  do {
    if (!options.hasTimeLeft()) {
      complete = false;
      break;
    }
    const page = await deps.users.list(orgId, {
      limit: PAGE_SIZE,
      statuses: ['active', 'suspended'],
      needsSync: true,
      ...(after === undefined ? {} : { after }),
    });
    for (const user of page.items) {
      if (options.integration !== undefined && !user.needsSync.includes(options.integration)) continue;
      matched++;
      for (const integration of user.needsSync) byIntegration[integration]++;
      if (listed.length < options.maxUsers) {
        const { userId, email, status, needsSync, syncGeneration, updatedAt } = user;
        listed.push({ userId, email, status, needsSync, syncGeneration, updatedAt });
      }
    }
    after = page.nextKey;
  } while (after !== undefined);

  return {
    orgId,
    orgName: org.name,
    connectedIntegrations: org.integrations,
    counts: { users: matched, byIntegration },
    users: listed,
    truncated: matched > listed.length,
    complete,
  };
}
