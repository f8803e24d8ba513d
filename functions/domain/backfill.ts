import type { Integration } from './integrations.ts';
import type { Page } from './ports.ts';
import type { User } from './user.ts';

/** How far back a backfill reads from the provider. */
export const BACKFILL_WINDOW_DAYS = 30;

/**
 * Per-user, per-integration state of the backfill pipeline. `needs_sync` is
 * also what a user shows while their `needsSync` set contains the integration and
 * no backfill has been queued since.
 */
export const SYNC_STATUSES = ['needs_sync', 'queued', 'running', 'synced', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export interface SyncRecord {
  integration: Integration;
  status: SyncStatus;
  /** When the status was set (ISO 8601). */
  updatedAt: string;
  /** The user's `syncGeneration` this status belongs to. */
  generation: number;
  /** Deals or calls stored by a successful backfill. */
  records?: number;
  /** Reason the backfill failed, or the reason a finished backfill did not clear Need Sync. */
  reason?: string;
  /** Receives of the queue message so far; SQS counts them. */
  attempts?: number;
}

export interface Deal {
  kind: 'deal';
  /** The provider's id of the deal or opportunity. */
  externalId: string;
  name: string;
  amount: number | null;
  stage: string;
  closeDate: string | null;
  updatedAt: string;
}

export interface Call {
  kind: 'call';
  externalId: string;
  title: string;
  startedAt: string;
  durationSeconds: number | null;
}

export type ActivityRecord = Deal | Call;

/** A deal or call as stored: the provider record plus whose it is and where it came from. */
export type StoredRecord<T extends ActivityRecord> = T & { orgId: string; ownerId: string; integration: Integration; syncedAt: string };

/** Reason a backfill failed. Every reason leaves the user Need Sync and lets SQS retry the message. */
export type BackfillFailureReason =
  | 'credentials_missing'
  | 'provider_auth_failed'
  | 'provider_user_not_found'
  | 'provider_unavailable'
  | 'provider_response_invalid';

export class BackfillError extends Error {
  constructor(
    readonly reason: BackfillFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'BackfillError';
  }
}

/** Reads one user's recent activity from a provider (a CRM or a call tool). */
export interface ProviderConnector {
  /** Returns the provider's id for the user with this email, or undefined when the provider has none. */
  findUserId(email: string): Promise<string | undefined>;
  /** Returns every deal or call of that user changed or held at or after `since`, following all pages. */
  fetchActivity(providerUserId: string, since: Date): Promise<ActivityRecord[]>;
}

/** One queue message: back-fill this user from this integration. */
export interface BackfillRequest {
  orgId: string;
  userId: string;
  integration: Integration;
  /** The user's `syncGeneration` when the backfill was requested. */
  generation: number;
  requestedAt: string;
}

export interface SyncRepository {
  /** Adds the integration to `needsSync` of every active user; returns how many were marked. */
  markActiveUsers(orgId: string, integration: Integration): Promise<number>;
  /** Removes the integration from `needsSync` of every user, whatever their status; returns how many changed. */
  clearAllUsers(orgId: string, integration: Integration): Promise<number>;
  /** Active users whose `needsSync` contains the integration. */
  activeUsersNeedingSync(orgId: string, integration: Integration): Promise<User[]>;
  /** Active users needing sync, per integration. */
  countNeedingSync(orgId: string): Promise<Record<Integration, number>>;
  /**
   * Sets the status to `queued` unless a backfill of the same generation is
   * already queued or running; returns false when it is.
   */
  claimQueued(orgId: string, userId: string, integration: Integration, generation: number, at: string): Promise<boolean>;
  setStatus(orgId: string, userId: string, record: SyncRecord): Promise<void>;
  statuses(orgId: string, userId: string): Promise<SyncRecord[]>;
  /**
   * Removes the integration from the user's `needsSync` and records `synced`,
   * in one transaction, provided the user's `syncGeneration` still equals
   * `record.generation`. When it does not (the email changed meanwhile), it
   * records `needs_sync` instead, unless a newer generation's status is already
   * stored, and returns false.
   */
  completeSync(orgId: string, userId: string, record: SyncRecord): Promise<boolean>;
}

export interface ActivityRepository {
  save(records: StoredRecord<ActivityRecord>[]): Promise<void>;
  listDeals(orgId: string, ownerId: string, limit: number, after?: string): Promise<Page<StoredRecord<Deal>>>;
  listCalls(orgId: string, ownerId: string, limit: number, after?: string): Promise<Page<StoredRecord<Call>>>;
}

export interface BackfillQueue {
  /** Sends the requests in batches of 10; returns the requests SQS did not accept. */
  send(integration: Integration, requests: BackfillRequest[]): Promise<BackfillRequest[]>;
}

/** The sync status of one connected integration, as the API returns it. */
export interface SyncView {
  integration: Integration;
  status: SyncStatus;
  updatedAt?: string;
  records?: number;
  reason?: string;
  attempts?: number;
}

/**
 * Combines the user's Need Sync marks with the stored statuses. A pending or
 * failed backfill shows as such. Otherwise a marked user shows `needs_sync`,
 * with the reason when a backfill finished for an old email, and an unmarked
 * user shows `synced`.
 */
export function syncViews(user: User, connected: Integration[], records: SyncRecord[]): SyncView[] {
  return connected.map((integration) => {
    const record = records.find((candidate) => candidate.integration === integration);
    const current = record !== undefined && record.generation === user.syncGeneration ? record : undefined;
    const details = (from: SyncRecord) => ({
      updatedAt: from.updatedAt,
      ...(from.records === undefined ? {} : { records: from.records }),
      ...(from.reason === undefined ? {} : { reason: from.reason }),
      ...(from.attempts === undefined ? {} : { attempts: from.attempts }),
    });
    if (current && (current.status === 'queued' || current.status === 'running' || current.status === 'failed')) {
      return { integration, status: current.status, ...details(current) };
    }
    if (user.needsSync.includes(integration)) {
      return { integration, status: 'needs_sync', ...(record?.status === 'needs_sync' ? details(record) : {}) };
    }
    return { integration, status: 'synced', ...(record?.status === 'synced' ? details(record) : {}) };
  });
}
