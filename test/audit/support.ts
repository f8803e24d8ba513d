import type { ApiClient } from '../support/api.ts';

export interface AuditEvent {
  id: string;
  at: string;
  action: string;
  actor: { type: string; userId?: string; tokenId?: string; name?: string };
  channel: string;
  target: { type: string; id: string };
  changes: Record<string, { before: unknown; after: unknown }>;
  requestId?: string;
}

/** Reads every page of the org's audit trail for a query, oldest first. */
export async function auditEvents(api: ApiClient, query: Record<string, string> = {}): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ order: 'oldest', limit: '100', ...query, ...(cursor ? { cursor } : {}) });
    const response: { status: number; body: any; text: string } = await api.get(`/v1/audit-events?${params}`);
    if (response.status !== 200) throw new Error(`GET /v1/audit-events returned ${response.status}: ${response.text}`);
    events.push(...response.body.events);
    cursor = response.body.nextCursor;
  } while (cursor);
  return events;
}
