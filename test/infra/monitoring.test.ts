import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import { readConfig } from '../../infra/config.ts';
import { addMonitoring } from '../../infra/constructs/monitoring.ts';
import { addOperations } from '../../infra/constructs/operations.ts';
import { RosterFunction } from '../../infra/constructs/roster-function.ts';
import type { ServiceContext } from '../../infra/stacks/service-stack.ts';
import { templates } from '../support/synth.ts';

type Resources = Record<string, { [key: string]: any }>;

const alarmsOf = (template: Template): Resources => template.findResources('AWS::CloudWatch::Alarm');
const topicIdOf = (template: Template) => Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
const functionIds = (template: Template) => Object.keys(template.findResources('AWS::Lambda::Function'));

/** Alarms whose metric has a dimension equal to a reference to `logicalId`. */
function alarmsOnResource(alarms: Resources, logicalId: string, metricName: string) {
  return Object.values(alarms).filter(
    (alarm) => alarm.Properties.MetricName === metricName && JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"${logicalId}"`),
  );
}

describe('monitoring in the service stack', () => {
  const service = () => templates().service;

  it('alarms on errors and throttles of every function', () => {
    const alarms = alarmsOf(service());
    const ids = functionIds(service());
    expect(ids).toHaveLength(new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)]).size);
    for (const id of ids) {
      expect(alarmsOnResource(alarms, id, 'Errors'), id).toHaveLength(1);
      expect(alarmsOnResource(alarms, id, 'Throttles'), id).toHaveLength(1);
    }
  });

  it('alarms on the API 5xx rate and p99 latency', () => {
    const alarms = Object.values(alarmsOf(service()));
    const rate = alarms.find((alarm) => JSON.stringify(alarm.Properties.Metrics ?? []).includes('100 * errors / requests'));
    expect(rate?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(JSON.stringify(rate?.Properties.Metrics)).toContain('5xx');
    const latency = alarms.find((alarm) => alarm.Properties.MetricName === 'Latency');
    expect(latency?.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', ExtendedStatistic: 'p99', Threshold: 2000 });
  });

  it('alarms on DynamoDB throttles and SES bounces and failures of the welcome email configuration set', () => {
    const alarms = Object.values(alarmsOf(service()));
    const serialized = alarms.map((alarm) => JSON.stringify(alarm.Properties));
    expect(serialized.filter((text) => text.includes('ReadThrottleEvents') && text.includes('WriteThrottleEvents'))).toHaveLength(1);
    const [configurationSetId] = Object.keys(service().findResources('AWS::SES::ConfigurationSet'));
    const ofSet = [{ Name: 'ses:configuration-set', Value: { Ref: configurationSetId } }];
    for (const metricName of ['Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      const matching = alarms.filter((alarm) => alarm.Properties.MetricName === metricName);
      expect(matching, metricName).toHaveLength(1);
      expect(matching[0]!.Properties.Dimensions, metricName).toEqual(ofSet);
    }
    const failures = alarms.filter((alarm) => JSON.stringify(alarm.Properties).includes('WelcomeEmailsFailed'));
    expect(failures).toHaveLength(1);
    const sesMetrics = failures[0]!.Properties.Metrics.map((query: any) => query.MetricStat?.Metric).filter((metric: any) => metric?.Namespace === 'AWS/SES');
    expect(sesMetrics.map((metric: any) => metric.MetricName).sort()).toEqual(['Reject', 'RenderingFailure']);
    for (const metric of sesMetrics) expect(metric.Dimensions).toEqual(ofSet);
  });

  it('publishes bounces, complaints, rejects and rendering failures of the configuration set to CloudWatch', () => {
    const [configurationSetId] = Object.keys(service().findResources('AWS::SES::ConfigurationSet'));
    service().hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: configurationSetId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint', 'reject', 'renderingFailure']),
        CloudWatchDestination: {
          DimensionConfigurations: [{ DimensionName: 'ses:configuration-set', DimensionValueSource: 'messageTag', DefaultDimensionValue: { Ref: configurationSetId } }],
        },
      },
    });
  });

  it('sends every alarm and its recovery to the topic', () => {
    const topicId = topicIdOf(service());
    const alarms = Object.entries(alarmsOf(service()));
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
    }
  });

  it('has no email subscriber without roster:alarmEmail', () => {
    service().resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('has a dashboard with every alarm', () => {
    const dashboards = Object.values(service().findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('roster-dev');
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const id of Object.keys(alarmsOf(service()))) expect(body, id).toContain(id);
    for (const title of ['API requests and errors', 'API latency (ms)', 'Lambda errors per function', 'DynamoDB', 'Users', 'Backfills and SCIM']) {
      expect(body).toContain(title);
    }
  });

  it('writes API access logs as JSON to their own log group', () => {
    const stage = Object.values(service().findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const settings = stage.Properties.AccessLogSettings;
    const format = JSON.parse(settings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', latencyMs: '$context.responseLatency' });
    const logGroupId = settings.DestinationArn['Fn::GetAtt'][0];
    expect(service().findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
  });
});

/** Builds a service context with two queue pairs, as features add them, in one stack. */
function contextWithQueues(extraContext: Record<string, string> = {}) {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      'roster:senderAddress': 'no-reply@example.com',
      'roster:signInUrl': 'https://app.example.com/sign-in',
      ...extraContext,
    },
  });
  const scope = new Stack(app, 'MonitoringTest');
  const config = readConfig(app);
  const table = new TableV2(scope, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING } });
  const api = new HttpApi(scope, 'HttpApi');
  const functions = new Map<string, RosterFunction>();
  for (const handler of ['operator/redrive-dlq', 'http/users/list']) {
    functions.set(handler, new RosterFunction(scope, handler.replace(/\W/g, ''), { handlerModule: handler, logRetention: RetentionDays.ONE_WEEK, logRemovalPolicy: RemovalPolicy.DESTROY }));
  }
  const queues: ServiceContext['queues'] = new Map();
  for (const name of ['welcome-email', 'backfill-gong']) {
    const deadLetterQueue = new Queue(scope, `${name}-dlq`);
    const queue = new Queue(scope, name, { deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 } });
    queues.set(name, { queue, deadLetterQueue });
    queues.set(`${name}-dlq`, { queue: deadLetterQueue, deadLetterQueue });
  }
  const context: ServiceContext = { scope, config, table, api, functions, queues };
  addOperations(context);
  const monitoring = addMonitoring(context);
  return { template: Template.fromStack(scope), monitoring, queues };
}

describe('monitoring of queues', () => {
  const built = contextWithQueues({ 'roster:alarmEmail': 'oncall@example.com' });
  const queueIds = (name: string) => {
    const ids = Object.keys(built.template.findResources('AWS::SQS::Queue'));
    return { queue: ids.find((id) => id.startsWith(name.replace(/\W/g, '')) && !id.includes('dlq'))!, dlq: ids.find((id) => id.startsWith(`${name.replace(/\W/g, '')}dlq`))! };
  };

  it('alarms when any dead-letter queue holds a message', () => {
    const alarms = alarmsOf(built.template);
    for (const name of ['welcome-email', 'backfill-gong']) {
      const [alarm, ...others] = alarmsOnResource(alarms, queueIds(name).dlq, 'ApproximateNumberOfMessagesVisible');
      expect(others, name).toHaveLength(0);
      expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
    }
  });

  it('alarms on the oldest message of each source queue', () => {
    const alarms = alarmsOf(built.template);
    for (const name of ['welcome-email', 'backfill-gong']) {
      const [alarm, ...others] = alarmsOnResource(alarms, queueIds(name).queue, 'ApproximateAgeOfOldestMessage');
      expect(others, name).toHaveLength(0);
      expect(alarm?.Properties.Threshold).toBe(900);
    }
  });

  it('subscribes the configured email to the topic', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topicIdOf(built.template) } });
    const topicId = topicIdOf(built.template);
    for (const alarm of Object.values(alarmsOf(built.template))) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('gives the redrive function every queue pair', () => {
    const redrive = Object.values(built.template.findResources('AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties.Environment).includes('ROSTER_QUEUE_URL_WELCOME_EMAIL_DLQ'),
    );
    expect(Object.keys(redrive!.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['ROSTER_QUEUE_URL_WELCOME_EMAIL', 'ROSTER_QUEUE_URL_WELCOME_EMAIL_DLQ', 'ROSTER_QUEUE_URL_BACKFILL_GONG', 'ROSTER_QUEUE_URL_BACKFILL_GONG_DLQ']),
    );
    const policies = JSON.stringify(built.template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('sqs:ReceiveMessage');
    expect(policies).toContain('sqs:SendMessage');
  });

  it('rejects an alarm email that is not an address', () => {
    expect(() => contextWithQueues({ 'roster:alarmEmail': 'oncall' })).toThrow(/roster:alarmEmail "oncall" is not an email address/);
  });
});

