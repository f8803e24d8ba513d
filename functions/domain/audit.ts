import type { Clock, IdGenerator } from './ports.ts';

/** Who made a change. */
export type Actor =
  | { type: 'user'; userId: string }
  | { type: 'scim'; tokenId: string }
  | { type: 'operator'; name: string }
  | { type: 'system'; name: string };

export type Channel = 'admin_api' | 'scim' | 'operator' | 'system';

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  orgId: string;
  /** Time-ordered id (ULID), so entries sort by time within the org. */
  eventId: string;
  at: string;
  action: string;
  actor: Actor;
  channel: Channel;
  target: { type: 'user' | 'org' | 'token' | 'integration' | 'group'; id: string };
  /** Changed fields only, with their values before and after. */
  changes: Record<string, FieldChange>;
  requestId?: string;
}

/** The caller of a use case: which org, who, through which channel. */
export interface CallerContext {
  orgId: string;
  actor: Actor;
  channel: Channel;
  requestId?: string;
}

/**
 * Builds the audit entry of a change the caller makes: a new time-ordered
 * event id, the caller's actor, channel and request id, and `at` (now unless
 * the change records its own time).
 */
export function auditEntry(
  deps: { clock: Clock; ids: IdGenerator },
  caller: CallerContext,
  action: string,
  target: AuditEntry['target'],
  changes: Record<string, FieldChange>,
  at: string = deps.clock.now(),
): AuditEntry {
  return {
    orgId: caller.orgId,
    eventId: deps.ids.next(),
    at,
    action,
    actor: caller.actor,
    channel: caller.channel,
    target,
    changes,
    ...(caller.requestId === undefined ? {} : { requestId: caller.requestId }),
  };
}

/** Lists the top-level fields that differ between two records, with both values. */
export function diffFields<T extends object>(before: T | undefined, after: T | undefined, fields?: (keyof T)[]): Record<string, FieldChange> {
  const keys = fields ?? ([...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])] as (keyof T)[]);
  const changes: Record<string, FieldChange> = {};
  for (const key of keys) {
    const previous = before?.[key];
    const next = after?.[key];
    if (JSON.stringify(previous) !== JSON.stringify(next)) {
      changes[String(key)] = { before: previous ?? null, after: next ?? null };
    }
  }
  return changes;
}
