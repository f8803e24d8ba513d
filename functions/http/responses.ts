import * as z from 'zod';
import { INTEGRATIONS } from '#domain/integrations';
import { userResource } from './schemas.ts';

/**
 * Response bodies of the admin API. The handlers build them in
 * representations.ts; these schemas describe them in the API description, and
 * the HTTP tests check every response against that description.
 */

export const problem = z
  .object({
    type: z.string().meta({ description: 'URN of the problem type, `urn:roster:problem:<code>`.' }),
    title: z.string().meta({ description: 'Short summary of the HTTP status.' }),
    status: z.number().int().meta({ description: 'HTTP status code of this response.' }),
    detail: z.string().meta({ description: 'What went wrong and how to fix it.' }),
    code: z.string().meta({ description: 'Stable, machine-readable error code such as `validation_failed`, `email_taken` or `last_admin`.' }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: 'Dotted path of the invalid field, for example `email` or `userIds.3`.' }),
          message: z.string().meta({ description: 'Why the value is invalid and what to send instead.' }),
        }),
      )
      .optional()
      .meta({ description: 'One entry per invalid field; present on 400 responses to invalid input.' }),
    instance: z.string().optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, sent as application/problem+json, with `code` and `errors` as extension members.',
    example: {
      type: 'urn:roster:problem:validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid: check email.',
      code: 'validation_failed',
      errors: [{ field: 'email', message: 'Must be a valid email address such as ann@example.com.' }],
    },
  });

export const userPage = z.object({
  users: z.array(userResource),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as `cursor` to get the next page; null on the last page. Opaque and bound to the org and the list.' }),
});

export const roleChangeResults = z.object({
  results: z
    .array(
      z.discriminatedUnion('outcome', [
        z.object({ userId: z.string(), outcome: z.enum(['updated', 'unchanged']), user: userResource }),
        z.object({
          userId: z.string(),
          outcome: z.literal('failed'),
          error: z.object({ code: z.string(), detail: z.string() }),
        }),
      ]),
    )
    .meta({ description: 'One result per requested user id, in request order. A failure for one user does not stop the others.' }),
});

export const settings = z
  .object({
    orgId: z.string(),
    name: z.string(),
    welcomeEmailsDefault: z.boolean().meta({ description: 'Whether adding a user sends a welcome email when the request does not say.' }),
    autoBackfill: z.boolean().meta({ description: 'Whether adding a user, or changing their email, queues their backfill at once.' }),
    adminGroupName: z.string().nullable().meta({ description: 'SCIM group whose members are admins; null means groups do not change roles.' }),
    integrations: z.array(z.enum(INTEGRATIONS)).meta({ description: 'Connected integrations, sorted.' }),
  })
  .meta({ id: 'Settings' });

export const apiToken = z
  .object({
    orgId: z.string(),
    tokenId: z.string(),
    kind: z.literal('api'),
    userId: z.string().meta({ description: 'The admin who owns the token; it acts as them.' }),
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: 'ApiToken', description: 'An admin API token, without its secret.' });

export const apiTokenList = z.object({ tokens: z.array(apiToken) });

export const createdApiToken = apiToken
  .extend({ token: z.string().meta({ description: 'The bearer token. This response is the only place it appears: store it now.' }) })
  .meta({ id: 'CreatedApiToken' });

/** Same fields as an admin API token, without an owner: a SCIM token belongs to the org. */
export const scimToken = apiToken
  .omit({ userId: true })
  .extend({ kind: z.literal('scim'), createdBy: z.string().meta({ description: 'Id of the admin, SCIM token or operator that created it.' }) })
  .meta({ id: 'ScimToken', description: 'A SCIM token of the org, without its secret.' });

export const scimTokenList = z.object({ tokens: z.array(scimToken) });

export const createdScimToken = scimToken
  .extend({ token: z.string().meta({ description: 'The bearer token for the identity provider. This response is the only place it appears: store it now.' }) })
  .meta({ id: 'CreatedScimToken' });

/** The API description itself; only its top-level members are fixed here. */
export const openApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
