import * as z from 'zod';
import type { Integration } from './integrations.ts';

const secretValue = (what: string) => z.string(`Must be the ${what} as a string.`).trim().min(1, `Must not be empty: send the ${what}.`).max(4096);

/**
 * Credentials an admin sends to connect each integration. They are stored in
 * the secret store and never returned or logged.
 */
export const CREDENTIAL_SCHEMAS = {
  salesforce: z
    .object({
      instanceUrl: z
        .url({ protocol: /^https$/, hostname: /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(my\.)?salesforce\.com$/, message: 'Must be your Salesforce instance URL, such as https://example.my.salesforce.com.' }),
      accessToken: secretValue('OAuth access token'),
    })
    .strict(),
  hubspot: z.object({ accessToken: secretValue('private app access token') }).strict(),
  gong: z.object({ accessKey: secretValue('access key'), accessKeySecret: secretValue('access key secret') }).strict(),
  salesloft: z.object({ apiKey: secretValue('API key') }).strict(),
} satisfies Record<Integration, z.ZodType>;

export type Credentials<I extends Integration> = z.infer<(typeof CREDENTIAL_SCHEMAS)[I]>;

/** Name of an org's credentials for one integration in the secret store. IAM grants each consumer `integrations/*\/<integration>` only. */
export const credentialsSecretName = (orgId: string, integration: Integration) => `integrations/${orgId}/${integration}`;
