/** Integrations a Roster org can connect. Each one has its own backfill queue and consumer. */
export const INTEGRATIONS = ['salesforce', 'hubspot', 'gong', 'salesloft'] as const;
export type Integration = (typeof INTEGRATIONS)[number];

export const INTEGRATION_KIND: Record<Integration, 'crm' | 'calls'> = {
  salesforce: 'crm',
  hubspot: 'crm',
  gong: 'calls',
  salesloft: 'calls',
};

export function isIntegration(value: string): value is Integration {
  return (INTEGRATIONS as readonly string[]).includes(value);
}

/** Sorts and removes duplicates, so stored and returned lists are stable. */
export function normalizeIntegrations(values: Iterable<Integration>): Integration[] {
  return INTEGRATIONS.filter((integration) => new Set(values).has(integration));
}
