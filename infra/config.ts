import type { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Deployment settings, read from CDK context (`cdk.json`, or `-c name=value`). */
export interface StageConfig {
  stage: string;
  /** Production keeps the table, secrets and log groups when its stacks are deleted. */
  retainData: boolean;
  /** DynamoDB deletion protection on the table; on unless `roster:tableDeletionProtection` is false. */
  tableDeletionProtection: boolean;
  secretPrefix: string;
  logLevel: string;
  logRetention: RetentionDays;
  senderAddress: string;
  signInUrl: string;
  auditRetentionDays: number;
  /** Address subscribed to the alarm topic; none means alarms only show in the console until someone subscribes. */
  alarmEmail?: string;
  /** Custom domain of the HTTP API; unset serves it only on its execute-api URL. */
  customDomain?: CustomDomain;
}

export interface CustomDomain {
  /** For example api.roster.example.com. */
  domainName: string;
  /** ACM certificate for the domain, in the stack's region. */
  certificateArn: string;
}

const RETENTION: Record<number, RetentionDays> = {
  7: RetentionDays.ONE_WEEK,
  14: RetentionDays.TWO_WEEKS,
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  180: RetentionDays.SIX_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

export function readConfig(app: App): StageConfig {
  const context = (name: string, fallback?: string): string => {
    const value = app.node.tryGetContext(`roster:${name}`) ?? fallback;
    if (value === undefined) throw new Error(`CDK context roster:${name} is not set; add it to cdk.json or pass -c roster:${name}=…`);
    return String(value);
  };
  const stage = context('stage', 'dev');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`roster:stage "${stage}" is invalid: use 1-20 lower-case letters, digits or hyphens.`);
  const retentionDays = Number(context('logRetentionDays', '30'));
  const logRetention = RETENTION[retentionDays];
  if (!logRetention) throw new Error(`roster:logRetentionDays must be one of ${Object.keys(RETENTION).join(', ')}; got ${retentionDays}.`);
  const alarmEmail = String(app.node.tryGetContext('roster:alarmEmail') ?? '').trim();
  if (alarmEmail !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`roster:alarmEmail "${alarmEmail}" is not an email address; set it to the on-call address, or to "" for no subscriber.`);
  }
  return {
    stage,
    retainData: stage === 'prod',
    tableDeletionProtection: context('tableDeletionProtection', 'true') !== 'false',
    secretPrefix: `roster/${stage}/`,
    logLevel: context('logLevel', 'INFO'),
    logRetention,
    senderAddress: context('senderAddress'),
    signInUrl: context('signInUrl'),
    auditRetentionDays: Number(context('auditRetentionDays', '400')),
    ...(alarmEmail === '' ? {} : { alarmEmail }),
    ...readCustomDomain(app),
  };
}

/** Reads `roster:domainName` and `roster:certificateArn`, which are set together or not at all. */
function readCustomDomain(app: App): { customDomain?: CustomDomain } {
  const domainName = app.node.tryGetContext('roster:domainName') as string | undefined;
  const certificateArn = app.node.tryGetContext('roster:certificateArn') as string | undefined;
  if (!domainName && !certificateArn) return {};
  if (!domainName || !certificateArn) {
    throw new Error('Set both roster:domainName and roster:certificateArn for a custom API domain, or neither.');
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new Error(`roster:domainName "${domainName}" is invalid: use a lower-case host name such as api.roster.example.com.`);
  }
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(`roster:certificateArn "${certificateArn}" is invalid: use the ARN of an ACM certificate in the stack's region.`);
  }
  return { customDomain: { domainName, certificateArn } };
}
