/**
 * Settings read from the environment. CDK sets them in a deployment and
 * local/stack.ts sets them locally; the code that reads them is the same.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set; the deployment or local stack must set it.`);
  }
  return value;
}

export const tableName = () => requireEnv('ROSTER_TABLE_NAME');

/** Days an audit entry is kept before DynamoDB's TTL removes it. */
export const auditRetentionDays = () => Number(process.env.ROSTER_AUDIT_RETENTION_DAYS ?? '400');
