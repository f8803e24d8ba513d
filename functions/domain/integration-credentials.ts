import * as z from 'zod';
import type { Integration } from './integrations.ts';

/**
 * Visible ASCII without spaces (0x21 to 0x7E). Credentials go into HTTP
 * headers, where a line break or control character would inject a header and
 * make fetch fail with an error that repeats the value.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const secretValue = (what: string) =>
  z
    .string(`Must be the ${what} as a string.`)
    .trim()
    .min(1, `Must not be empty: send the ${what}.`)
    .max(4096, 'Must be at most 4096 characters.')
    .regex(HEADER_SAFE, `Invalid: the ${what} may contain only visible ASCII characters, without spaces, line breaks or control characters; copy it again from the provider.`);

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
  gong: z
    .object({
      // Gong's Basic authentication joins key and secret with ':', so a ':' in the key would split it in the wrong place.
      accessKey: secretValue('access key').regex(/^[^:]*$/, 'Invalid: the access key must not contain \':\'; copy it again from Gong.'),
      accessKeySecret: secretValue('access key secret'),
    })
    .strict(),
  salesloft: z.object({ apiKey: secretValue('API key') }).strict(),
} satisfies Record<Integration, z.ZodType>;

export type Credentials<I extends Integration> = z.infer<(typeof CREDENTIAL_SCHEMAS)[I]>;

/** Name of an org's credentials for one integration in the secret store. IAM grants each consumer `integrations/*\/<integration>` only. */
export const credentialsSecretName = (orgId: string, integration: Integration) => `integrations/${orgId}/${integration}`;
