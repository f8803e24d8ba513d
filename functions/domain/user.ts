import { InvalidStateError } from './errors.ts';
import { type Integration, normalizeIntegrations } from './integrations.ts';

export const ROLES = ['member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `suspended` users keep their place in the org but cannot sign in; `deleted`
 * users have left. Neither status removes anything the user owns.
 */
export const USER_STATUSES = ['active', 'suspended', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type WelcomeEmailState =
  | { status: 'not_requested' }
  | { status: 'queued'; requestId: string; queuedAt: string }
  | { status: 'sent'; requestId: string; sentAt: string; messageId: string }
  | { status: 'failed'; requestId: string; failedAt: string; reason: string };

export interface User {
  orgId: string;
  userId: string;
  /** The email as entered (trimmed). The CRM matches deals to users by it. */
  email: string;
  givenName: string;
  familyName: string;
  role: Role;
  status: UserStatus;
  /** Connected integrations whose backfill has not yet run since the user was added or their email changed. */
  needsSync: Integration[];
  /**
   * Increases each time the email changes. A backfill carries the generation it
   * started with, so a backfill for an old email cannot clear a newer Need Sync mark.
   */
  syncGeneration: number;
  welcomeEmail: WelcomeEmailState;
  externalId?: string;
  /** Optimistic-locking version, exposed as the ETag. */
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /**
   * The user's admin API tokens, the SCIM tokens they created, and OIDC tokens
   * issued to them before this time are rejected. A delete sets it, so
   * restoring a user does not bring back the tokens they had.
   */
  tokensValidFrom?: string;
}

/** Trims the email; uniqueness compares the lower-cased form from {@link emailKey}. */
export function normalizeEmail(email: string): string {
  return email.trim();
}

export function emailKey(email: string): string {
  return normalizeEmail(email).toLowerCase();
}

/** Whether this user counts towards the org's active admins (the last-admin guard). */
export function isActiveAdmin(user: Pick<User, 'role' | 'status'>): boolean {
  return user.role === 'admin' && user.status === 'active';
}

export interface NewUserInput {
  orgId: string;
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
  role: Role;
  externalId?: string;
  connectedIntegrations: Iterable<Integration>;
  welcomeEmail: WelcomeEmailState;
  now: string;
}

/** Builds a new active user, marked Need Sync for every connected integration. */
export function newUser(input: NewUserInput): User {
  return {
    orgId: input.orgId,
    userId: input.userId,
    email: normalizeEmail(input.email),
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    role: input.role,
    status: 'active',
    needsSync: normalizeIntegrations(input.connectedIntegrations),
    syncGeneration: 1,
    welcomeEmail: input.welcomeEmail,
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
    version: 1,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

export interface ProfileChanges {
  email?: string;
  givenName?: string;
  familyName?: string;
  externalId?: string | null;
}

export interface EditResult {
  user: User;
  /** Names of the fields whose value changed. Empty when the edit changed nothing. */
  changedFields: (keyof ProfileChanges)[];
  /** True when the email changed beyond letter case, so the uniqueness item moves and Need Sync resets. */
  emailChanged: boolean;
}

/**
 * Applies a profile edit. An email that changes beyond letter case marks the
 * user Need Sync again for every connected integration, because the CRM matches
 * users by email. A change of letter case alone is stored but needs no new backfill.
 */
export function applyProfileEdit(
  user: User,
  changes: ProfileChanges,
  connectedIntegrations: Iterable<Integration>,
  now: string,
): EditResult {
  if (user.status === 'deleted') {
    throw new InvalidStateError(`User ${user.userId} is deleted; restore the user before editing.`);
  }
  const next: User = { ...user };
  const changedFields: (keyof ProfileChanges)[] = [];

  if (changes.email !== undefined && normalizeEmail(changes.email) !== user.email) {
    next.email = normalizeEmail(changes.email);
    changedFields.push('email');
  }
  if (changes.givenName !== undefined && changes.givenName.trim() !== user.givenName) {
    next.givenName = changes.givenName.trim();
    changedFields.push('givenName');
  }
  if (changes.familyName !== undefined && changes.familyName.trim() !== user.familyName) {
    next.familyName = changes.familyName.trim();
    changedFields.push('familyName');
  }
  if (changes.externalId !== undefined && (changes.externalId ?? undefined) !== user.externalId) {
    if (changes.externalId === null) delete next.externalId;
    else next.externalId = changes.externalId;
    changedFields.push('externalId');
  }

  const emailChanged = changedFields.includes('email') && emailKey(next.email) !== emailKey(user.email);
  if (emailChanged) {
    next.needsSync = normalizeIntegrations(connectedIntegrations);
    next.syncGeneration = user.syncGeneration + 1;
  }
  if (changedFields.length > 0) {
    next.version = user.version + 1;
    next.updatedAt = now;
  }
  return { user: next, changedFields, emailChanged };
}

/** Returns the change in the org's active-admin count that moving from `before` to `after` causes. */
export function activeAdminDelta(before: Pick<User, 'role' | 'status'> | undefined, after: Pick<User, 'role' | 'status'>): -1 | 0 | 1 {
  const was = before !== undefined && isActiveAdmin(before);
  const is = isActiveAdmin(after);
  if (was === is) return 0;
  return is ? 1 : -1;
}

export type StatusTransition = 'suspend' | 'reactivate' | 'delete' | 'restore';

const ALLOWED_FROM: Record<StatusTransition, UserStatus[]> = {
  suspend: ['active'],
  reactivate: ['suspended'],
  delete: ['active', 'suspended'],
  restore: ['deleted'],
};

const TARGET: Record<StatusTransition, UserStatus> = {
  suspend: 'suspended',
  reactivate: 'active',
  delete: 'deleted',
  restore: 'active',
};

/**
 * Moves a user to a new status. Nothing the user owns is removed: a delete only
 * revokes access, because meetings, content and synced data stay with the org.
 */
export function applyStatusTransition(user: User, transition: StatusTransition, now: string): User {
  if (!ALLOWED_FROM[transition].includes(user.status)) {
    throw new InvalidStateError(
      `Cannot ${transition} user ${user.userId} because their status is ${user.status}; ${transition} applies to users who are ${ALLOWED_FROM[transition].join(' or ')}.`,
    );
  }
  const next: User = { ...user, status: TARGET[transition], version: user.version + 1, updatedAt: now };
  if (transition === 'delete') {
    next.deletedAt = now;
    next.tokensValidFrom = now;
  }
  if (transition === 'restore') delete next.deletedAt;
  return next;
}

/** Sets the role; returns the same object when the role is unchanged, so callers can skip the write. */
export function applyRole(user: User, role: Role, now: string): User {
  if (user.status === 'deleted') {
    throw new InvalidStateError(`User ${user.userId} is deleted; restore the user before changing their role.`);
  }
  if (user.role === role) return user;
  return { ...user, role, version: user.version + 1, updatedAt: now };
}
