import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactLogValue } from './log-redaction.ts';

/**
 * One logger, metrics and tracer per function. Service name, namespace and log
 * level come from POWERTOOLS_* variables that CDK sets per deployment. Every
 * log entry passes through the redaction in log-redaction.ts.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'roster', jsonReplacerFn: redactLogValue });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Roster', serviceName: 'roster' });
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'roster' });
