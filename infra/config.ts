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
  /** Steady-state requests per second and burst that the HTTP API's default stage allows for each route. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** The identity provider whose access tokens admin routes accept; absent means API tokens only. */
  oidc?: { issuer: string; audience: string; jwksUrl?: string; orgClaim?: string; emailClaim?: string };
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
    apiThrottle: {
      rateLimit: positiveNumber('apiThrottleRateLimit', context('apiThrottleRateLimit', '100')),
      burstLimit: positiveNumber('apiThrottleBurstLimit', context('apiThrottleBurstLimit', '200')),
    },
    ...oidcConfig(app),
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

function positiveNumber(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`roster:${name} must be a whole number of at least 1; got ${value}.`);
  return parsed;
}

/** Reads `roster:oidcIssuer` and `roster:oidcAudience` (both or neither), and the optional JWKS URL and claim names. */
function oidcConfig(app: App): Pick<StageConfig, 'oidc'> {
  const read = (name: string): string | undefined => {
    const value = app.node.tryGetContext(`roster:${name}`);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const issuer = read('oidcIssuer');
  const audience = read('oidcAudience');
  if (!issuer && !audience) return {};
  if (!issuer || !audience) throw new Error('Set both roster:oidcIssuer and roster:oidcAudience to accept OIDC tokens, or neither.');
  if (!issuer.startsWith('https://')) throw new Error(`roster:oidcIssuer must be an https URL; got ${issuer}.`);
  const jwksUrl = read('oidcJwksUrl');
  const orgClaim = read('oidcOrgClaim');
  const emailClaim = read('oidcEmailClaim');
  return { oidc: { issuer, audience, ...(jwksUrl ? { jwksUrl } : {}), ...(orgClaim ? { orgClaim } : {}), ...(emailClaim ? { emailClaim } : {}) } };
}
