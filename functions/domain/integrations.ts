/** Integrations a Roster org can connect. Each one has its own backfill queue and consumer. */
export const INTEGRATIONS = ['salesforce', 'hubspot', 'gong', 'salesloft'] as const;
export type Integration = (typeof INTEGRATIONS)[number];

/** Sorts and removes duplicates, so stored and returned lists are stable. */
export function normalizeIntegrations(values: Iterable<Integration>): Integration[] {
  return INTEGRATIONS.filter((integration) => new Set(values).has(integration));
}
