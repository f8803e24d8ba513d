import type { AuditEntry } from './audit.ts';
import type { Integration } from './integrations.ts';
import type { Org, OrgSettings } from './org.ts';
import type { Role, User, UserStatus } from './user.ts';

export interface Page<T> {
  items: T[];
  /** Where the next page starts; absent on the last page. */
  nextKey?: string;
}

export interface ListUsersQuery {
  limit: number;
  /** Exclusive start: the sort position returned as `nextKey` by the previous page. */
  after?: string;
  role?: Role;
  statuses: UserStatus[];
  needsSync?: boolean;
}

/**
 * Storage of users. Every method takes the org id first and touches only that
 * org's items. Writes that change a user take the audit entry and store it in
 * the same transaction.
 */
/** A strongly consistent read of one user made earlier in the same request; `user` is undefined when no such user exists. */
export interface PrefetchedUser {
  user: User | undefined;
}

export interface UserRepository {
  get(orgId: string, userId: string): Promise<User | undefined>;
  getByEmail(orgId: string, email: string): Promise<User | undefined>;
  /** Reads the user holding an externalId through its EXTID# uniqueness item. */
  getByExternalId(orgId: string, externalId: string): Promise<User | undefined>;
  list(orgId: string, query: ListUsersQuery): Promise<Page<User>>;
  /** Throws EmailTakenError or ExternalIdTakenError when the org already has them. */
  create(user: User, audit: AuditEntry): Promise<void>;
  /**
   * Writes the fields that differ between `before` and `after`, provided the
   * stored version still equals `before.version` (else VersionMismatchError).
   * Keeps the email and externalId uniqueness items and the org's active-admin
   * count in step, throwing EmailTakenError or LastAdminError when they forbid it.
   */
  save(before: User, after: User, audit: AuditEntry): Promise<void>;
}

export interface OrgRepository {
  get(orgId: string): Promise<Org | undefined>;
  /** Creates the org with its first admin in one transaction. */
  create(org: Org, firstAdmin: User, audit: AuditEntry): Promise<void>;
  updateSettings(orgId: string, settings: OrgSettings, audit: AuditEntry): Promise<void>;
  setIntegrations(orgId: string, integrations: Integration[], audit: AuditEntry): Promise<void>;
}

export interface Clock {
  now(): string;
}

export interface IdGenerator {
  /** Returns a new time-ordered id. */
  next(): string;
}
