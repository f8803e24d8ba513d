import { type AuditEntry, type CallerContext, auditEntry, diffFields } from './audit.ts';
import { DomainError, UserNotFoundError, VersionMismatchError } from './errors.ts';
import type { Org } from './org.ts';
import type { Clock, IdGenerator, ListUsersQuery, Page, PrefetchedUser, UserRepository } from './ports.ts';
import {
  type ProfileChanges,
  type Role,
  type StatusTransition,
  type User,
  type WelcomeEmailState,
  applyProfileEdit,
  applyRole,
  applyStatusTransition,
  newUser,
} from './user.ts';
import { retryConcurrentWrites } from './write-retry.ts';

export interface UserServiceDeps {
  users: UserRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** Fields that the audit trail records for users. */
const AUDITED_USER_FIELDS: (keyof User)[] = ['email', 'givenName', 'familyName', 'role', 'status', 'externalId'];

export function userAudit(
  deps: Pick<UserServiceDeps, 'clock' | 'ids'>,
  caller: CallerContext,
  action: string,
  userId: string,
  before: User | undefined,
  after: User | undefined,
): AuditEntry {
  return auditEntry(deps, caller, action, { type: 'user', id: userId }, diffFields(before, after, AUDITED_USER_FIELDS));
}

export interface CreateUserCommand {
  email: string;
  givenName: string;
  familyName: string;
  role?: Role;
  externalId?: string;
  /** Absent means the org's `welcomeEmailsDefault`. */
  sendWelcomeEmail?: boolean;
}

export interface CreatedUser {
  user: User;
  /** Whether a welcome email was requested for this user. */
  welcomeEmailRequested: boolean;
}

export async function createUser(deps: UserServiceDeps, caller: CallerContext, org: Org, command: CreateUserCommand): Promise<CreatedUser> {
  const now = deps.clock.now();
  const userId = deps.ids.next();
  const welcomeEmailRequested = command.sendWelcomeEmail ?? org.settings.welcomeEmailsDefault;
  const welcomeEmail: WelcomeEmailState = welcomeEmailRequested
    ? { status: 'queued', requestId: deps.ids.next(), queuedAt: now }
    : { status: 'not_requested' };

  const user = newUser({
    orgId: org.orgId,
    userId,
    email: command.email,
    givenName: command.givenName,
    familyName: command.familyName,
    role: command.role ?? 'member',
    ...(command.externalId === undefined ? {} : { externalId: command.externalId }),
    connectedIntegrations: org.integrations,
    welcomeEmail,
    now,
  });
  await deps.users.create(user, userAudit(deps, caller, 'user.created', userId, undefined, user));
  return { user, welcomeEmailRequested };
}

/** Returns the user, from `prefetched` when the request has read it already. */
export async function getUser(deps: Pick<UserServiceDeps, 'users'>, orgId: string, userId: string, prefetched?: PrefetchedUser): Promise<User> {
  const user = prefetched ? prefetched.user : await deps.users.get(orgId, userId);
  if (!user) throw new UserNotFoundError(userId);
  return user;
}

export function listUsers(deps: Pick<UserServiceDeps, 'users'>, orgId: string, query: ListUsersQuery): Promise<Page<User>> {
  return deps.users.list(orgId, query);
}

/**
 * Reads the user, applies `change` and saves the result. With `expectedVersion`
 * (If-Match) a concurrent change fails with VersionMismatchError. Without it
 * the change is re-applied to the newer record, as retryConcurrentWrites
 * describes, and ConcurrentUpdateError is raised when every attempt lost.
 * The first attempt starts from `prefetched` when given; a retry reads again.
 * Returns the saved user, or the unchanged one when `change` returns it as is.
 * `action` names the audit entry; a function is called after `change`, so the
 * name can depend on what the change did.
 */
export async function mutateUser(
  deps: UserServiceDeps,
  caller: CallerContext,
  userId: string,
  action: string | (() => string),
  change: (user: User) => User,
  expectedVersion?: number,
  prefetched?: PrefetchedUser,
): Promise<{ before: User; after: User }> {
  return retryConcurrentWrites(`User ${userId}`, expectedVersion, async (attempt) => {
    const before = await getUser(deps, caller.orgId, userId, attempt === 1 ? prefetched : undefined);
    if (expectedVersion !== undefined && before.version !== expectedVersion) {
      throw new VersionMismatchError(userId, expectedVersion);
    }
    const after = change(before);
    if (after === before) return { before, after };
    const name = typeof action === 'function' ? action() : action;
    await deps.users.save(before, after, userAudit(deps, caller, name, userId, before, after));
    return { before, after };
  });
}

export async function updateUserProfile(
  deps: UserServiceDeps,
  caller: CallerContext,
  org: Org,
  userId: string,
  changes: ProfileChanges,
  expectedVersion?: number,
  prefetched?: PrefetchedUser,
): Promise<{ user: User; emailChanged: boolean }> {
  let emailChanged = false;
  const { after } = await mutateUser(
    deps,
    caller,
    userId,
    'user.updated',
    (user) => {
      const result = applyProfileEdit(user, changes, org.integrations, deps.clock.now());
      emailChanged = result.emailChanged;
      return result.changedFields.length === 0 ? user : result.user;
    },
    expectedVersion,
    prefetched,
  );
  return { user: after, emailChanged };
}

const TRANSITION_ACTIONS: Record<StatusTransition, string> = {
  suspend: 'user.suspended',
  reactivate: 'user.reactivated',
  delete: 'user.deleted',
  restore: 'user.restored',
};

export async function transitionUser(
  deps: UserServiceDeps,
  caller: CallerContext,
  userId: string,
  transition: StatusTransition,
  expectedVersion?: number,
  prefetched?: PrefetchedUser,
): Promise<User> {
  const { after } = await mutateUser(
    deps,
    caller,
    userId,
    TRANSITION_ACTIONS[transition],
    (user) => applyStatusTransition(user, transition, deps.clock.now()),
    expectedVersion,
    prefetched,
  );
  return after;
}

export async function setUserRole(deps: UserServiceDeps, caller: CallerContext, userId: string, role: Role): Promise<{ user: User; changed: boolean }> {
  const { before, after } = await mutateUser(deps, caller, userId, role === 'admin' ? 'user.promoted' : 'user.demoted', (user) =>
    applyRole(user, role, deps.clock.now()),
  );
  return { user: after, changed: before !== after };
}

export type RoleChangeOutcome =
  | { userId: string; outcome: 'updated' | 'unchanged'; user: User }
  | { userId: string; outcome: 'failed'; code: string; detail: string };

/** How many role changes of one bulk request run at once. */
const BULK_CONCURRENCY = 8;

/**
 * Sets the role of each listed user independently, so one failure (an unknown
 * id, the last admin) does not stop the others. Results keep the request order.
 */
export async function setRoles(deps: UserServiceDeps, caller: CallerContext, userIds: string[], role: Role): Promise<RoleChangeOutcome[]> {
  const unique = [...new Set(userIds)];
  const results = new Map<string, RoleChangeOutcome>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const userId = unique[next++]!;
      results.set(userId, await setRoleOutcome(deps, caller, userId, role));
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, unique.length) }, worker));
  return unique.map((userId) => results.get(userId)!);
}

async function setRoleOutcome(deps: UserServiceDeps, caller: CallerContext, userId: string, role: Role): Promise<RoleChangeOutcome> {
  try {
    const { user, changed } = await setUserRole(deps, caller, userId, role);
    return { userId, outcome: changed ? 'updated' : 'unchanged', user };
  } catch (error) {
    if (error instanceof DomainError) return { userId, outcome: 'failed', code: error.code, detail: error.message };
    throw error;
  }
}
