import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessMetric } from './metric-names.ts';
import { metrics } from './powertools.ts';

export { BUSINESS_METRICS, type BusinessMetric } from './metric-names.ts';

/**
 * Dimensions a business metric may carry. Each has a small fixed set of
 * values (four integrations, a handful of SCIM operations), so the number of
 * CloudWatch metrics, which is what they cost, does not grow with orgs.
 */
export type BusinessDimensions = { integration?: string; operation?: string };

/**
 * Counts a business event and publishes it at once as its own EMF document.
 * The org goes in as metadata, which stays searchable in CloudWatch Logs
 * Insights but is not a dimension. Publishing each event on its own keeps
 * the org right when one invocation handles several orgs (a queue batch),
 * and keeps a dimension from spreading to the invocation's other metrics.
 * `orgId` is undefined only for an event whose org is unknown, such as a
 * queue message that does not parse.
 */
export function countEvent(name: BusinessMetric, orgId: string | undefined, value = 1, dimensions: BusinessDimensions = {}): void {
  const single = metrics.singleMetric();
  for (const [dimension, dimensionValue] of Object.entries(dimensions)) {
    if (dimensionValue !== undefined) single.addDimension(dimension, dimensionValue);
  }
  if (orgId !== undefined) single.addMetadata('orgId', orgId);
  single.addMetric(name, MetricUnit.Count, value);
}
