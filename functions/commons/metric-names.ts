/**
 * Names of the business metrics, in the Powertools namespace with the
 * `service` dimension. This module is plain data so that the CDK app can
 * import it: the dashboard in infra/constructs/monitoring.ts graphs these
 * names. A feature counts its events through `countEvent`
 * (business-metrics.ts) with a name from here, not a new string.
 */
export const BUSINESS_METRICS = {
  usersAdded: 'UsersAdded',
  usersDeleted: 'UsersDeleted',
  usersPromoted: 'UsersPromoted',
  usersDemoted: 'UsersDemoted',
  welcomeEmailsSent: 'WelcomeEmailsSent',
  welcomeEmailsFailed: 'WelcomeEmailsFailed',
  /** With the dimension `integration`. */
  backfillsSucceeded: 'BackfillsSucceeded',
  /** With the dimension `integration`. */
  backfillsFailed: 'BackfillsFailed',
  /** With the dimension `operation`. */
  scimRequests: 'ScimRequests',
  integrationsConnected: 'IntegrationsConnected',
  /** With the dimension `integration`; the value is the number of users queued. */
  backfillsQueued: 'BackfillsQueued',
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];
