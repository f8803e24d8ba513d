import * as z from 'zod';
import type { OperationMap } from '#functions/http/openapi/operation';
import { createdScimToken, scimTokenList } from '#functions/http/responses';
import { apiTokenBody, tokenIdParams } from '#functions/http/schemas';
import { EXAMPLE_ORG_ID, EXAMPLE_USER_ID } from '#functions/http/users/operations';

/** API description of the /v1/scim-tokens routes. The SCIM endpoints themselves are described by RFC 7643 and RFC 7644. */

const TOKEN_ID = '01JEM8D5E6F7G8H9JKMNPQRSTV';

const EXAMPLE_TOKEN = {
  orgId: EXAMPLE_ORG_ID,
  tokenId: TOKEN_ID,
  kind: 'scim',
  name: 'Okta provisioning',
  createdAt: '2026-12-04T09:30:00.000Z',
  createdBy: EXAMPLE_USER_ID,
};

export const SCIM_TOKEN_OPERATIONS: OperationMap = {
  'POST /v1/scim-tokens': {
    operationId: 'createScimToken',
    tags: ['SCIM tokens'],
    description:
      'Creates a token for the org\'s identity provider to call /scim/v2 with. It belongs to the org, not to the caller. The secret is in this response only, because Roster keeps just its hash.',
    body: { schema: apiTokenBody, example: { name: 'Okta provisioning' } },
    responses: {
      201: {
        description: 'The new token, with its secret.',
        schema: createdScimToken,
        example: { ...EXAMPLE_TOKEN, token: `rsc.${EXAMPLE_ORG_ID}.${TOKEN_ID}.<secret>` },
        headers: z.object({ Location: z.string().meta({ description: 'Path of the new token.', example: `/v1/scim-tokens/${TOKEN_ID}` }) }),
      },
    },
  },
  'GET /v1/scim-tokens': {
    operationId: 'listScimTokens',
    tags: ['SCIM tokens'],
    responses: { 200: { description: 'The org\'s SCIM tokens, without secrets.', schema: scimTokenList, example: { tokens: [EXAMPLE_TOKEN] } } },
  },
  'DELETE /v1/scim-tokens/{tokenId}': {
    operationId: 'revokeScimToken',
    tags: ['SCIM tokens'],
    description: 'Revokes a SCIM token. The identity provider using it gets 401 from its next request.',
    params: tokenIdParams,
    responses: { 204: { description: 'The token is revoked.' } },
    errors: { 404: 'The org has no SCIM token with this id.' },
  },
};
