import {
  type ActivityRepository,
  BACKFILL_WINDOW_DAYS,
  BackfillError,
  type BackfillQueue,
  type BackfillRequest,
  type ProviderConnector,
  type SyncRecord,
  type SyncRepository,
} from './backfill.ts';
import { requireConnected } from './integration-service.ts';
import type { Integration } from './integrations.ts';
import type { Org } from './org.ts';
import type { Clock, UserRepository } from './ports.ts';
import type { User } from './user.ts';

export interface QueueBackfillDeps {
  users: Pick<UserRepository, 'get'>;
  sync: SyncRepository;
  queue: BackfillQueue;
  clock: Clock;
}

/** Reasons a requested backfill is not queued. */
export const SKIP_REASONS = ['not_found', 'not_active', 'already_queued', 'queue_failed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface QueueResult {
  queued: number;
  skipped: { userId: string; reason: SkipReason }[];
}

/**
 * Queues one backfill message per user. Without `userIds` it takes every
 * active user who needs sync for the integration. A user whose backfill of the
 * same generation is already queued or running is skipped, so repeated
 * requests queue nothing new.
 */
export async function queueBackfills(deps: QueueBackfillDeps, org: Org, integration: Integration, userIds?: string[]): Promise<QueueResult> {
  requireConnected(org, integration);
  const skipped: QueueResult['skipped'] = [];
  let candidates: User[];
  if (userIds === undefined) {
    candidates = await deps.sync.activeUsersNeedingSync(org.orgId, integration);
  } else {
    candidates = [];
    for (const userId of new Set(userIds)) {
      const user = await deps.users.get(org.orgId, userId);
      if (!user) skipped.push({ userId, reason: 'not_found' });
      else if (user.status !== 'active') skipped.push({ userId, reason: 'not_active' });
      else candidates.push(user);
    }
  }
  const result = await queueUsers(deps, org, integration, candidates);
  return { queued: result.queued, skipped: [...skipped, ...result.skipped] };
}

/** How many `queued` claims of one request run at once. */
const CLAIM_CONCURRENCY = 16;

/** Claims `queued` for each user, then sends one message per claimed user. */
export async function queueUsers(deps: QueueBackfillDeps, org: Org, integration: Integration, users: User[]): Promise<QueueResult> {
  const now = deps.clock.now();
  const skipped: QueueResult['skipped'] = [];
  const requests: BackfillRequest[] = [];
  // Claims run concurrently because a large org's request must finish well within API Gateway's 30 s limit.
  let next = 0;
  const claimNext = async () => {
    while (next < users.length) {
      const user = users[next++]!;
      const claimed = await deps.sync.claimQueued(org.orgId, user.userId, integration, user.syncGeneration, now);
      if (claimed) requests.push({ orgId: org.orgId, userId: user.userId, integration, generation: user.syncGeneration, requestedAt: now });
      else skipped.push({ userId: user.userId, reason: 'already_queued' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CLAIM_CONCURRENCY, users.length) }, claimNext));
  const rejected = requests.length > 0 ? await deps.queue.send(integration, requests) : [];
  for (const request of rejected) {
    skipped.push({ userId: request.userId, reason: 'queue_failed' });
    await deps.sync.setStatus(org.orgId, request.userId, {
      integration,
      status: 'failed',
      updatedAt: deps.clock.now(),
      generation: request.generation,
      reason: 'queue_failed: SQS did not accept the message; request the backfill again.',
      attempts: 0,
    });
  }
  return { queued: requests.length - rejected.length, skipped };
}

export interface RunBackfillDeps {
  users: Pick<UserRepository, 'get'>;
  orgs: { get(orgId: string): Promise<Org | undefined> };
  sync: SyncRepository;
  activity: ActivityRepository;
  clock: Clock;
  /** Builds the connector from the org's stored credentials; throws BackfillError('credentials_missing') without them. */
  connector: (orgId: string) => Promise<ProviderConnector>;
}

export type BackfillOutcome =
  | { outcome: 'synced'; records: number }
  /** The email changed while the backfill ran, so Need Sync stays for the new email. */
  | { outcome: 'stale'; records: number }
  /** Nothing to do: the user or org is gone, the user is not active, or the integration was disconnected. */
  | { outcome: 'skipped'; reason: string };

/**
 * Runs one user's backfill: finds the user at the provider by email, reads the
 * last 30 days, stores the records, then clears the integration from the
 * user's Need Sync, on the condition that their email has not changed since
 * the backfill read it. Any error is recorded as `failed` and rethrown,
 * so SQS retries the message and finally moves it to the dead-letter queue.
 */
export async function runBackfill(deps: RunBackfillDeps, request: Pick<BackfillRequest, 'orgId' | 'userId' | 'integration'>, attempts: number): Promise<BackfillOutcome> {
  const { orgId, userId, integration } = request;
  const [org, user] = await Promise.all([deps.orgs.get(orgId), deps.users.get(orgId, userId)]);
  if (!org || !user) return { outcome: 'skipped', reason: 'user_not_found' };
  if (!org.integrations.includes(integration)) return { outcome: 'skipped', reason: 'integration_not_connected' };
  if (user.status !== 'active') return { outcome: 'skipped', reason: 'user_not_active' };

  const generation = user.syncGeneration;
  await deps.sync.setStatus(orgId, userId, { integration, status: 'running', updatedAt: deps.clock.now(), generation, attempts });
  try {
    const connector = await deps.connector(orgId);
    const providerUserId = await connector.findUserId(user.email);
    if (providerUserId === undefined) {
      throw new BackfillError('provider_user_not_found', `${integration} has no user with this user's email; fix the email in Roster or add the user in ${integration}.`);
    }
    const since = new Date(Date.parse(deps.clock.now()) - BACKFILL_WINDOW_DAYS * 86_400_000);
    const fetched = await connector.fetchActivity(providerUserId, since);
    const syncedAt = deps.clock.now();
    await deps.activity.save(fetched.map((record) => ({ ...record, orgId, ownerId: userId, integration, syncedAt })));

    const synced: SyncRecord = { integration, status: 'synced', updatedAt: syncedAt, generation, records: fetched.length, attempts };
    if (await deps.sync.completeSync(orgId, userId, synced)) return { outcome: 'synced', records: fetched.length };
    return { outcome: 'stale', records: fetched.length };
  } catch (error) {
    const reason = error instanceof BackfillError ? `${error.reason}: ${error.message}` : 'internal_error: the backfill failed inside Roster; see the consumer\'s log.';
    await deps.sync.setStatus(orgId, userId, { integration, status: 'failed', updatedAt: deps.clock.now(), generation, reason, attempts });
    throw error;
  }
}
