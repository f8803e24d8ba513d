import type { CallerContext } from '../audit.ts';
import { UserNotFoundError } from '../errors.ts';
import type { Org } from '../org.ts';
import { type UserStatus, type User, applyProfileEdit, applyStatusTransition } from '../user.ts';
import { type UserServiceDeps, createUser, listUsers, mutateUser, transitionUser } from '../user-service.ts';
import { ScimRequestError, checkReadableText } from './errors.ts';
import { type Filter, checkFilterAttributes, findKeyLookup, matches } from './filter.ts';
import { type ScimUserFields, USER_FILTER_ATTRIBUTES, USER_KEY_ATTRIBUTES, scimFieldsOf, toScimUser } from './users.ts';

/** SCIM shows users who are not deleted; a deleted user is gone as far as the identity provider is concerned. */
const VISIBLE: UserStatus[] = ['active', 'suspended'];

/** Reads a user that SCIM can see; a deleted user is reported as not found. */
export async function getScimUser(deps: Pick<UserServiceDeps, 'users'>, orgId: string, userId: string): Promise<User> {
  const user = await deps.users.get(orgId, userId);
  if (!user || user.status === 'deleted') throw new UserNotFoundError(userId);
  return user;
}

/**
 * Adds a user from SCIM: a member with the org's welcome-email default, marked
 * Need Sync like any added user. `active: false` on create suspends the user
 * in a second write.
 */
export async function createScimUser(deps: UserServiceDeps, caller: CallerContext, org: Org, fields: ScimUserFields): Promise<User> {
  const { user } = await createUser(deps, caller, org, {
    email: fields.email,
    givenName: fields.givenName,
    familyName: fields.familyName,
    ...(fields.externalId === null ? {} : { externalId: fields.externalId }),
  });
  if (fields.active) return user;
  return transitionUser(deps, caller, user.userId, 'suspend');
}

/**
 * Applies new SCIM fields (from PUT or PATCH) to a user in one transaction:
 * the profile edit and the suspend or reactivate that `active` requests.
 */
export async function updateScimUser(
  deps: UserServiceDeps,
  caller: CallerContext,
  org: Org,
  userId: string,
  next: (current: ScimUserFields) => ScimUserFields,
  expectedVersion?: number,
): Promise<{ user: User; emailChanged: boolean }> {
  let emailChanged = false;
  let action = 'user.updated';
  const { after } = await mutateUser(
    deps,
    caller,
    userId,
    () => action,
    (user) => {
      if (user.status === 'deleted') throw new UserNotFoundError(userId);
      action = 'user.updated';
      const fields = next(scimFieldsOf(user));
      const now = deps.clock.now();
      const edit = applyProfileEdit(
        user,
        { email: fields.email, givenName: fields.givenName, familyName: fields.familyName, externalId: fields.externalId },
        org.integrations,
        now,
      );
      emailChanged = edit.emailChanged;
      let result = edit.changedFields.length === 0 ? user : edit.user;
      if (fields.active !== (user.status === 'active')) {
        result = applyStatusTransition(result, fields.active ? 'reactivate' : 'suspend', now);
        if (edit.changedFields.length === 0) action = fields.active ? 'user.reactivated' : 'user.suspended';
      }
      return result;
    },
    expectedVersion,
  );
  return { user: after, emailChanged };
}

export function deleteScimUser(deps: UserServiceDeps, caller: CallerContext, userId: string, expectedVersion?: number): Promise<User> {
  return mutateUser(
    deps,
    caller,
    userId,
    'user.deleted',
    (user) => {
      if (user.status === 'deleted') throw new UserNotFoundError(userId);
      return applyStatusTransition(user, 'delete', deps.clock.now());
    },
    expectedVersion,
  ).then(({ after }) => after);
}

const MAX_KEY_VALUE_LENGTH = 256;

/** The page size of each Query while reading the org's users for a filter. */
const QUERY_PAGE = 100;

/**
 * Finds the users a filter selects, in id (creation) order. Equality on id,
 * userName, an email or externalId reads one item; any other
 * filter reads the org's users with Query and evaluates in memory.
 */
export async function findScimUsers(deps: Pick<UserServiceDeps, 'users'>, orgId: string, filter: Filter | undefined, baseUrl: string): Promise<User[]> {
  if (filter) checkFilterAttributes(filter, USER_FILTER_ATTRIBUTES);
  const keep = (user: User) => filter === undefined || matches(filter, toScimUser(user, baseUrl), USER_FILTER_ATTRIBUTES);

  const lookup = filter && findKeyLookup(filter, USER_KEY_ATTRIBUTES);
  if (lookup) {
    // Stored emails and externalIds are at most 256 characters, so a longer value matches nothing and must not reach a key.
    if (lookup.value.length > MAX_KEY_VALUE_LENGTH) return [];
    const user =
      lookup.attribute === 'id'
        ? await deps.users.get(orgId, lookup.value)
        : lookup.attribute === 'externalid'
          ? await deps.users.getByExternalId(orgId, lookup.value)
          : await deps.users.getByEmail(orgId, lookup.value);
    return user && VISIBLE.includes(user.status) && keep(user) ? [user] : [];
  }

  const found: User[] = [];
  let after: string | undefined;
  do {
    const page = await listUsers(deps, orgId, { limit: QUERY_PAGE, statuses: VISIBLE, ...(after === undefined ? {} : { after }) });
    found.push(...page.items.filter(keep));
    after = page.nextKey;
  } while (after !== undefined);
  return found;
}

/** Validates the fields Roster stores, naming the SCIM attribute to fix. */
export function checkUserFields(fields: ScimUserFields, isEmail: (value: string) => boolean): void {
  if (!isEmail(fields.email.trim())) {
    throw new ScimRequestError('invalidValue', `userName must be the user's email address, such as ann@example.com; got ${JSON.stringify(fields.email)}.`);
  }
  for (const [attribute, value] of [
    ['name.givenName', fields.givenName],
    ['name.familyName', fields.familyName],
  ] as const) {
    if (value.length > 100) throw new ScimRequestError('invalidValue', `${attribute} must be at most 100 characters.`);
    checkReadableText(attribute, value);
  }
  if (fields.externalId !== null && (fields.externalId.length === 0 || fields.externalId.length > 256)) {
    throw new ScimRequestError('invalidValue', 'externalId must be 1 to 256 characters.');
  }
  if (fields.externalId !== null) checkReadableText('externalId', fields.externalId);
}
