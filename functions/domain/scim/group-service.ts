import { type AuditEntry, type CallerContext, type FieldChange, auditEntry } from '../audit.ts';
import { ConflictError, NotFoundError, VersionMismatchError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { Clock, IdGenerator, UserRepository } from '../ports.ts';
import { type User, isActiveAdmin } from '../user.ts';
import { type UserServiceDeps, setRoles } from '../user-service.ts';
import { retryConcurrentWrites } from '../write-retry.ts';
import { ScimRequestError } from './errors.ts';
import { type Filter, checkFilterAttributes, findKeyLookup, matches } from './filter.ts';
import { GROUP_FILTER_ATTRIBUTES, GROUP_KEY_ATTRIBUTES, MAX_DISPLAY_NAME_LENGTH, type Group, type ScimGroupFields, checkGroupFields, groupFieldsOf, isAdminGroup, toScimGroup } from './groups.ts';

/**
 * Storage of groups and their members. Every method takes the org id first
 * and touches only that org's items; writes take their audit entry and store
 * it in the same transaction as the group item.
 */
export interface GroupRepository {
  get(orgId: string, groupId: string): Promise<Group | undefined>;
  /** Reads a group through its display-name uniqueness item (case-insensitive). */
  getByDisplayName(orgId: string, displayName: string): Promise<Group | undefined>;
  /** Every group of the org with its members, in id (creation) order. */
  list(orgId: string): Promise<Group[]>;
  /** Throws ConflictError `group_name_taken` when the org has a group of that name. */
  create(group: Group, audit: AuditEntry): Promise<void>;
  /** Writes what changed, provided the stored version equals `before.version` (else VersionMismatchError). */
  save(before: Group, after: Group, audit: AuditEntry): Promise<void>;
  delete(group: Group, audit: AuditEntry): Promise<void>;
}

export interface GroupServiceDeps {
  groups: GroupRepository;
  users: UserRepository;
  clock: Clock;
  ids: IdGenerator;
}

export class GroupNotFoundError extends NotFoundError {
  constructor(readonly groupId: string) {
    super(`No group with id ${groupId} exists in this org.`);
  }
}

export class GroupVersionMismatchError extends VersionMismatchError {
  constructor(groupId: string, expected: number) {
    super(groupId, expected);
    this.message = `Group ${groupId} has changed since version ${expected}. Fetch the group again and retry with the new ETag.`;
  }
}

export const groupNameTaken = (displayName: string) =>
  new ConflictError('group_name_taken', `Another group in this org is already named "${displayName}"; group names are unique regardless of case.`);

function groupAudit(deps: Pick<GroupServiceDeps, 'clock' | 'ids'>, caller: CallerContext, action: string, before: Group | undefined, after: Group | undefined): AuditEntry {
  const changes: Record<string, FieldChange> = {};
  for (const field of ['displayName', 'externalId'] as const) {
    if (before?.[field] !== after?.[field]) changes[field] = { before: before?.[field] ?? null, after: after?.[field] ?? null };
  }
  const previous = new Set(before?.members ?? []);
  const next = new Set(after?.members ?? []);
  const added = [...next].filter((id) => !previous.has(id));
  const removed = [...previous].filter((id) => !next.has(id));
  if (added.length > 0) changes.membersAdded = { before: null, after: added };
  if (removed.length > 0) changes.membersRemoved = { before: removed, after: null };
  return auditEntry(deps, caller, action, { type: 'group', id: (after ?? before)!.groupId }, changes);
}

export async function getGroup(deps: Pick<GroupServiceDeps, 'groups'>, orgId: string, groupId: string): Promise<Group> {
  const group = await deps.groups.get(orgId, groupId);
  if (!group) throw new GroupNotFoundError(groupId);
  return group;
}

/** How many users a group change reads at once, so a large member list does not start hundreds of reads together. */
const READ_CONCURRENCY = 25;

/** Reads users in batches of READ_CONCURRENCY; ids far longer than a ULID cannot exist and would exceed DynamoDB's key size. */
async function readUsers(deps: Pick<GroupServiceDeps, 'users'>, orgId: string, userIds: string[]) {
  const users: (User | undefined)[] = [];
  for (let start = 0; start < userIds.length; start += READ_CONCURRENCY) {
    const batch = userIds.slice(start, start + READ_CONCURRENCY);
    users.push(...(await Promise.all(batch.map((userId) => (userId.length > 64 ? undefined : deps.users.get(orgId, userId))))));
  }
  return users;
}

/** Rejects members that are not users of the org (deleted users included), naming them. */
async function checkMembersExist(deps: Pick<GroupServiceDeps, 'users'>, orgId: string, userIds: string[]): Promise<void> {
  const found = await readUsers(deps, orgId, userIds);
  const missing = userIds.filter((_, index) => !found[index] || found[index]!.status === 'deleted');
  if (missing.length > 0) {
    throw new ScimRequestError('invalidValue', `members: no user with id ${missing.join(', ')} exists in this org; create the user before adding them to a group.`);
  }
}

interface RoleChanges {
  promote: string[];
  demote: string[];
}

/** Which users gain or lose admin through this change, given which of the two versions is the org's admin group. */
function roleChangesOf(org: Org, before: Group | undefined, after: Group | undefined): RoleChanges {
  const adminName = org.settings.adminGroupName;
  const adminsBefore = new Set(before && isAdminGroup(before.displayName, adminName) ? before.members : []);
  const adminsAfter = new Set(after && isAdminGroup(after.displayName, adminName) ? after.members : []);
  return {
    promote: [...adminsAfter].filter((id) => !adminsBefore.has(id)),
    demote: [...adminsBefore].filter((id) => !adminsAfter.has(id)),
  };
}

/**
 * Checks, before anything is written, that the change leaves the org an
 * active admin, so a rejected request changes nothing. Each demotion is
 * still guarded by the org's admin counter in its own transaction.
 */
async function checkLastAdmin(deps: Pick<GroupServiceDeps, 'users'>, org: Org, groupName: string, changes: RoleChanges): Promise<void> {
  if (changes.demote.length === 0) return;
  const [promoted, demoted] = await Promise.all([readUsers(deps, org.orgId, changes.promote), readUsers(deps, org.orgId, changes.demote)]);
  const gained = promoted.filter((user) => user && user.status === 'active' && user.role !== 'admin').length;
  const lost = demoted.filter((user) => user && isActiveAdmin(user));
  if (lost.length > 0 && org.activeAdminCount + gained - lost.length < 1) {
    throw new ConflictError(
      'last_admin',
      `Removing user ${lost.map((user) => user!.userId).join(', ')} from the admin group "${groupName}" would leave the org without an active admin. Add another admin to the group first.`,
    );
  }
}

/** Promotes and demotes the members the change moved in or out of the admin group; promotions run first, so the admin counter includes them when demotions are checked. */
async function applyRoleChanges(deps: UserServiceDeps, caller: CallerContext, changes: RoleChanges): Promise<void> {
  if (changes.promote.length > 0) await setRoles(deps, caller, changes.promote, 'admin');
  if (changes.demote.length === 0) return;
  const outcomes = await setRoles(deps, caller, changes.demote, 'member');
  const lastAdmin = outcomes.find((outcome) => outcome.outcome === 'failed' && outcome.code === 'last_admin');
  // NOTE: reached only when another request removed an admin between the check and this write; the membership change is already stored.
  if (lastAdmin && lastAdmin.outcome === 'failed') throw new ConflictError('last_admin', lastAdmin.detail);
}

export async function createGroup(deps: GroupServiceDeps, caller: CallerContext, org: Org, input: ScimGroupFields): Promise<Group> {
  const fields = checkGroupFields(input);
  await checkMembersExist(deps, org.orgId, fields.members);
  if (await deps.groups.getByDisplayName(org.orgId, fields.displayName)) throw groupNameTaken(fields.displayName);
  const now = deps.clock.now();
  const group: Group = {
    orgId: org.orgId,
    groupId: deps.ids.next(),
    displayName: fields.displayName,
    ...(fields.externalId === null ? {} : { externalId: fields.externalId }),
    members: fields.members,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const roles = roleChangesOf(org, undefined, group);
  await deps.groups.create(group, groupAudit(deps, caller, 'group.created', undefined, group));
  await applyRoleChanges(deps, caller, roles);
  return group;
}

/**
 * Applies new fields (from PUT or PATCH) to a group. Members moving in or out
 * of the org's admin group are promoted or demoted; a change that would leave
 * no active admin is rejected with 409 before anything is written. Without
 * `expectedVersion`, a change that loses a race is re-applied to the newer
 * group, as retryConcurrentWrites describes.
 */
export async function updateGroup(
  deps: GroupServiceDeps,
  caller: CallerContext,
  org: Org,
  groupId: string,
  next: (current: ScimGroupFields) => ScimGroupFields,
  expectedVersion?: number,
): Promise<Group> {
  const result = await retryConcurrentWrites(`Group ${groupId}`, expectedVersion, async () => {
    const before = await getGroup(deps, org.orgId, groupId);
    if (expectedVersion !== undefined && before.version !== expectedVersion) throw new GroupVersionMismatchError(groupId, expectedVersion);
    const fields = checkGroupFields(next(groupFieldsOf(before)));
    const after: Group = { ...before, displayName: fields.displayName, members: fields.members };
    if (fields.externalId === null) delete after.externalId;
    else after.externalId = fields.externalId;

    const added = after.members.filter((id) => !before.members.includes(id));
    const unchanged =
      added.length === 0 && after.members.length === before.members.length && after.displayName === before.displayName && after.externalId === before.externalId;
    if (unchanged) return { group: before, roles: undefined };

    await checkMembersExist(deps, org.orgId, added);
    const roles = roleChangesOf(org, before, after);
    await checkLastAdmin(deps, org, before.displayName, roles);
    const saved = { ...after, version: before.version + 1, updatedAt: deps.clock.now() };
    await deps.groups.save(before, saved, groupAudit(deps, caller, 'group.updated', before, saved));
    return { group: saved, roles };
  });
  // Role changes follow the saved membership only, so a lost attempt never promotes or demotes anyone.
  if (result.roles) await applyRoleChanges(deps, caller, result.roles);
  return result.group;
}

/** Deletes a group; if it is the admin group, its members are demoted, subject to the last-admin guard. */
export async function deleteGroup(deps: GroupServiceDeps, caller: CallerContext, org: Org, groupId: string, expectedVersion?: number): Promise<void> {
  const group = await getGroup(deps, org.orgId, groupId);
  if (expectedVersion !== undefined && group.version !== expectedVersion) throw new GroupVersionMismatchError(groupId, expectedVersion);
  const roles = roleChangesOf(org, group, undefined);
  await checkLastAdmin(deps, org, group.displayName, roles);
  await deps.groups.delete(group, groupAudit(deps, caller, 'group.deleted', group, undefined));
  await applyRoleChanges(deps, caller, roles);
}

/** Finds the groups a filter selects, in id order; equality on id or displayName reads one group. */
export async function findGroups(deps: Pick<GroupServiceDeps, 'groups'>, orgId: string, filter: Filter | undefined, baseUrl: string): Promise<Group[]> {
  if (filter) checkFilterAttributes(filter, GROUP_FILTER_ATTRIBUTES);
  const keep = (group: Group) => filter === undefined || matches(filter, toScimGroup(group, baseUrl), GROUP_FILTER_ATTRIBUTES);
  const lookup = filter && findKeyLookup(filter, GROUP_KEY_ATTRIBUTES);
  if (lookup) {
    // Display names are at most 256 characters, so a longer value matches nothing and must not reach a key.
    if (lookup.value.length > MAX_DISPLAY_NAME_LENGTH) return [];
    const group = lookup.attribute === 'id' ? await deps.groups.get(orgId, lookup.value) : await deps.groups.getByDisplayName(orgId, lookup.value);
    return group && keep(group) ? [group] : [];
  }
  return (await deps.groups.list(orgId)).filter(keep);
}
