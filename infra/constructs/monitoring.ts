import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { functionId } from '../../functions/routes.ts';
import { BUSINESS_METRICS } from '../../functions/commons/metric-names.ts';
import type { ServiceContext } from '../stacks/service-stack.ts';
import { SES_CONFIGURATION_SET_DIMENSION } from './welcome-email.ts';

/**
 * Alarm thresholds. docs/RUNBOOK.md explains each alarm by the construct id
 * that its generated name contains, and what to do when it fires.
 */
export const THRESHOLDS = {
  /** Percent of API requests that return a 5xx, per five minutes, in two of three periods. */
  api5xxRatePercent: 1,
  /** p99 of API Gateway latency, per five minutes, in three periods in a row. */
  apiP99LatencyMs: 2_000,
  /** Age of the oldest message in a source queue: work has waited this long without a consumer finishing it. */
  queueOldestMessageSeconds: 15 * 60,
  /** SES reviews an account whose bounce rate reaches 5% and may pause sending at 10%. */
  sesBounceRate: 0.05,
  /** SES reviews an account whose complaint rate reaches 0.1%. */
  sesComplaintRate: 0.001,
} as const;

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);

/** Namespace and dimension of the business metrics that Powertools publishes (functions/commons/business-metrics.ts). */
const BUSINESS_NAMESPACE = 'Roster';
const BUSINESS_DIMENSIONS = { service: 'roster' };

export interface Monitoring {
  topic: Topic;
  dashboard: Dashboard;
  accessLogs: LogGroup;
  alarms: Alarm[];
}

export interface MonitoringOptions {
  /** The SES configuration set that welcome emails go through; without one there are no email alarms or graphs. */
  emailConfigurationSet?: IConfigurationSet;
}

/**
 * Adds the API access log, the alarms and the dashboard, and sends every
 * alarm and its recovery to one SNS topic. Alarms are built from the service
 * context (every function, every queue pair, the table), so functions and
 * queues added later get theirs without a change here.
 */
export function addMonitoring(context: ServiceContext, options: MonitoringOptions = {}): Monitoring {
  const { scope, config } = context;
  const topic = new Topic(scope, 'AlarmTopic', { displayName: `Roster ${config.stage} alarms`, enforceSSL: true });
  if (config.alarmEmail) topic.addSubscription(new EmailSubscription(config.alarmEmail));

  const accessLogs = addAccessLogs(context);
  const alarms = [...apiAlarms(context), ...functionAlarms(context), ...queueAlarms(context), ...tableAlarms(context)];
  if (options.emailConfigurationSet) alarms.push(...emailAlarms(context, options.emailConfigurationSet));
  const action = new SnsAction(topic);
  for (const alarm of alarms) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  const dashboard = buildDashboard(context, alarms, options.emailConfigurationSet);
  return { topic, dashboard, accessLogs, alarms };
}

/**
 * API Gateway access log of the default stage, one JSON object per request.
 * The request id is the correlation id in the functions' logs, so a line
 * here leads to the function's entries for that request. No field comes from
 * headers, query strings or bodies, so no token or email reaches this log.
 */
function addAccessLogs(context: ServiceContext): LogGroup {
  const { scope, config, api } = context;
  const logGroup = new LogGroup(scope, 'ApiAccessLogs', {
    retention: config.logRetention,
    removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const stage = api.defaultStage?.node.defaultChild as CfnStage | undefined;
  if (!stage) throw new Error('The HTTP API has no default stage to attach the access log to.');
  stage.accessLogSettings = {
    destinationArn: logGroup.logGroupArn,
    format: JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTimeEpoch',
      sourceIp: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationLatencyMs: '$context.integrationLatency',
      integrationStatus: '$context.integrationStatus',
      integrationError: '$context.integrationErrorMessage',
      responseLength: '$context.responseLength',
    }),
  };
  return logGroup;
}

function apiAlarms({ scope, api }: ServiceContext): Alarm[] {
  const serverErrorRate = new MathExpression({
    expression: 'IF(requests > 0, 100 * errors / requests, 0)',
    usingMetrics: {
      errors: api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
      requests: api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }),
    },
    period: FIVE_MINUTES,
    label: 'API 5xx rate (%)',
  });
  return [
    new Alarm(scope, 'Api5xxRateAlarm', {
      alarmDescription: `More than ${THRESHOLDS.api5xxRatePercent}% of API requests failed with a 5xx in 2 of the last 3 five-minute periods.`,
      metric: serverErrorRate,
      threshold: THRESHOLDS.api5xxRatePercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, 'ApiP99LatencyAlarm', {
      alarmDescription: `API p99 latency was above ${THRESHOLDS.apiP99LatencyMs} ms for 15 minutes.`,
      metric: api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }),
      threshold: THRESHOLDS.apiP99LatencyMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
}

/** Builds an errors alarm and a throttles alarm per function. HTTP routes turn handled errors into responses, so a Lambda error is a crash or a timeout. */
function functionAlarms({ scope, functions }: ServiceContext): Alarm[] {
  const alarms: Alarm[] = [];
  for (const [handler, fn] of functions) {
    const id = functionId(handler);
    alarms.push(
      new Alarm(scope, `${id}ErrorsAlarm`, {
        alarmDescription: `Lambda function ${handler} failed (error or timeout) at least once in five minutes.`,
        metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(scope, `${id}ThrottlesAlarm`, {
        alarmDescription: `Lambda throttled function ${handler} at least once in five minutes: the account or function concurrency limit was reached.`,
        metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  return alarms;
}

/** Source queues of the context, without the entries that list each dead-letter queue under its own name. */
function queuePairs({ queues }: ServiceContext) {
  return [...queues].filter(([, pair]) => pair.queue !== pair.deadLetterQueue);
}

/** Builds two alarms per queue pair: the dead-letter queue contains a message, and the source queue's oldest message is too old. */
function queueAlarms(context: ServiceContext): Alarm[] {
  const alarms: Alarm[] = [];
  for (const [name, { queue, deadLetterQueue }] of queuePairs(context)) {
    const id = functionId(name);
    alarms.push(
      new Alarm(context.scope, `${id}DeadLetterAlarm`, {
        alarmDescription: `Dead-letter queue ${name}-dlq holds messages: their processing failed on every attempt. Fix the cause, then redrive.`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: ONE_MINUTE }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(context.scope, `${id}OldestMessageAlarm`, {
        alarmDescription: `The oldest message in queue ${name} has waited more than ${THRESHOLDS.queueOldestMessageSeconds / 60} minutes.`,
        metric: queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold: THRESHOLDS.queueOldestMessageSeconds,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  return alarms;
}

function tableThrottles({ table }: ServiceContext): MathExpression {
  return new MathExpression({
    expression: 'FILL(reads, 0) + FILL(writes, 0)',
    usingMetrics: {
      reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
      writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
    },
    period: FIVE_MINUTES,
    label: 'DynamoDB throttle events',
  });
}

function tableAlarms(context: ServiceContext): Alarm[] {
  return [
    new Alarm(context.scope, 'TableThrottlesAlarm', {
      alarmDescription: 'DynamoDB throttled reads or writes on the Roster table in two five-minute periods in a row.',
      metric: tableThrottles(context),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
}

/** Builds a metric that SES publishes for one configuration set (namespace AWS/SES), so it counts only Roster's mail. */
function sesMetric(configurationSet: IConfigurationSet, metricName: string, statistic: string, period = Duration.minutes(15)): Metric {
  return new Metric({
    namespace: 'AWS/SES',
    metricName,
    dimensionsMap: { [SES_CONFIGURATION_SET_DIMENSION]: configurationSet.configurationSetName },
    statistic,
    period,
  });
}

/**
 * Builds the alarms on the welcome email configuration set: its reputation
 * rates, and the emails the mailer gave up on together with those SES
 * rejected or could not render after accepting the call.
 */
function emailAlarms({ scope }: ServiceContext, configurationSet: IConfigurationSet): Alarm[] {
  return [
    new Alarm(scope, 'SesBounceRateAlarm', {
      alarmDescription: `The bounce rate of welcome emails is above ${THRESHOLDS.sesBounceRate * 100}%; SES reviews the account from 5% and may pause sending at 10%.`,
      metric: sesMetric(configurationSet, 'Reputation.BounceRate', 'Maximum'),
      threshold: THRESHOLDS.sesBounceRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, 'SesComplaintRateAlarm', {
      alarmDescription: `The complaint rate of welcome emails is above ${THRESHOLDS.sesComplaintRate * 100}%; SES reviews the account from 0.1%.`,
      metric: sesMetric(configurationSet, 'Reputation.ComplaintRate', 'Maximum'),
      threshold: THRESHOLDS.sesComplaintRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, 'WelcomeEmailFailuresAlarm', {
      alarmDescription: 'Welcome emails failed to send, or SES rejected or could not render them, in the last 15 minutes.',
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(rejected, 0) + FILL(unrendered, 0)',
        usingMetrics: {
          failed: new Metric({
            namespace: BUSINESS_NAMESPACE,
            metricName: BUSINESS_METRICS.welcomeEmailsFailed,
            dimensionsMap: BUSINESS_DIMENSIONS,
            statistic: 'Sum',
            period: Duration.minutes(15),
          }),
          rejected: sesMetric(configurationSet, 'Reject', 'Sum'),
          unrendered: sesMetric(configurationSet, 'RenderingFailure', 'Sum'),
        },
        period: Duration.minutes(15),
        label: 'Welcome emails failed, rejected or not rendered',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
}

function businessMetric(metricName: string): Metric {
  return new Metric({ namespace: BUSINESS_NAMESPACE, metricName, dimensionsMap: BUSINESS_DIMENSIONS, statistic: 'Sum', period: FIVE_MINUTES });
}

/** Builds a CloudWatch SEARCH over a business metric that has one more dimension, with one line per value. */
function businessSearch(metricName: string, dimension: string): MathExpression {
  return new MathExpression({
    expression: `SEARCH('{${BUSINESS_NAMESPACE},${dimension},service} MetricName="${metricName}"', 'Sum', 300)`,
    period: FIVE_MINUTES,
    label: metricName,
  });
}

function graph(title: string, left: IMetric[], width = 8): GraphWidget {
  return new GraphWidget({ title, left, width, height: 6 });
}

function buildDashboard(context: ServiceContext, alarms: Alarm[], configurationSet: IConfigurationSet | undefined): Dashboard {
  const { scope, config, api, functions } = context;
  const pairs = queuePairs(context);
  const fns = [...functions.values()];

  const dashboard = new Dashboard(scope, 'Dashboard', { dashboardName: `roster-${config.stage}` });
  dashboard.addWidgets(
    new TextWidget({
      markdown: [
        `# Roster ${config.stage}`,
        "Each alarm's description says what it means, and docs/RUNBOOK.md says what to do.",
        'The API access log group (ApiAccessLogs) has one JSON line per request; its requestId is the correlation_id of the function logs.',
      ].join('\n'),
      width: 24,
      height: 2,
    }),
  );
  // NOTE: 100 alarms per status widget is an assumed cap, not checked against the CloudWatch limits; a larger set is split across widgets.
  for (let start = 0; start < alarms.length; start += 100) {
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: alarms.slice(start, start + 100), width: 24, height: 4 }));
  }
  dashboard.addWidgets(
    graph('API requests and errors', [
      api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }),
      api.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES }),
      api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
    ]),
    graph('API latency (ms)', [
      api.metricLatency({ statistic: 'p50', period: FIVE_MINUTES }),
      api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }),
      api.metricIntegrationLatency({ statistic: 'p99', period: FIVE_MINUTES }),
    ]),
    graph('DynamoDB', [
      tableThrottles(context),
      context.table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period: FIVE_MINUTES }),
      context.table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period: FIVE_MINUTES }),
    ]),
  );
  dashboard.addWidgets(
    graph('Lambda errors per function', fns.map((fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES, label: fn.node.id }))),
    graph('Lambda throttles per function', fns.map((fn) => fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES, label: fn.node.id }))),
    graph('Lambda p99 duration per function (ms)', fns.map((fn) => fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES, label: fn.node.id }))),
  );
  if (pairs.length > 0) {
    dashboard.addWidgets(
      graph('Queue depth', pairs.map(([name, { queue }]) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: ONE_MINUTE, label: name }))),
      graph('Oldest message age (s)', pairs.map(([name, { queue }]) => queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: FIVE_MINUTES, label: name }))),
      graph(
        'Dead-letter queue depth',
        pairs.map(([name, { deadLetterQueue }]) => deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: ONE_MINUTE, label: `${name}-dlq` })),
      ),
    );
  }
  dashboard.addWidgets(
    graph('Users', [BUSINESS_METRICS.usersAdded, BUSINESS_METRICS.usersDeleted, BUSINESS_METRICS.usersPromoted, BUSINESS_METRICS.usersDemoted].map(businessMetric)),
    graph('Welcome emails and SES', [
      businessMetric(BUSINESS_METRICS.welcomeEmailsSent),
      businessMetric(BUSINESS_METRICS.welcomeEmailsFailed),
      ...(configurationSet ? ['Bounce', 'Complaint', 'Reject', 'RenderingFailure'].map((name) => sesMetric(configurationSet, name, 'Sum', FIVE_MINUTES)) : []),
    ]),
    graph('Backfills and SCIM', [
      businessSearch(BUSINESS_METRICS.backfillsSucceeded, 'integration'),
      businessSearch(BUSINESS_METRICS.backfillsFailed, 'integration'),
      businessSearch(BUSINESS_METRICS.scimRequests, 'operation'),
    ]),
  );
  return dashboard;
}
