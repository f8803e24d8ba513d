import type { AuditEntry } from './audit.ts';
import type { Page } from './ports.ts';

/** `newest` reads the trail backwards from now, as people investigating a change usually want; `oldest` replays it forwards. */
export const AUDIT_ORDERS = ['newest', 'oldest'] as const;
export type AuditOrder = (typeof AUDIT_ORDERS)[number];

export interface AuditQuery {
  limit: number;
  order: AuditOrder;
  /** Exclusive start: the event id returned as `nextKey` by the previous page. */
  after?: string;
  /** Entries whose target is this user. */
  targetUserId?: string;
  /** Entries made by this actor: a user id, a SCIM token id, or an operator or system name. */
  actorId?: string;
  action?: string;
  /** Inclusive bounds, ISO 8601 date-times. */
  from?: string;
  to?: string;
}

/** Reads an org's audit trail. Entries are written by the repositories, in the transaction of the change they record. */
export interface AuditTrail {
  list(orgId: string, query: AuditQuery): Promise<Page<AuditEntry>>;
}

