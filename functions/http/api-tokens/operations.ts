import * as z from 'zod';
import type { OperationMap } from '#functions/http/openapi/operation';
import { apiTokenList, createdApiToken } from '#functions/http/responses';
import { apiTokenBody, tokenIdParams } from '#functions/http/schemas';
import { EXAMPLE_ORG_ID, EXAMPLE_USER_ID } from '#functions/http/users/operations';

/** API description of the /v1/api-tokens routes. */

const TOKEN_ID = '01JEM8C4D5E6F7G8H9JKMNPQRS';

const EXAMPLE_TOKEN = {
  orgId: EXAMPLE_ORG_ID,
  tokenId: TOKEN_ID,
  kind: 'api',
  userId: EXAMPLE_USER_ID,
  name: 'Nightly HR sync',
  createdAt: '2026-12-04T09:30:00.000Z',
  createdBy: EXAMPLE_USER_ID,
  expiresAt: '2027-12-31T00:00:00Z',
};

export const API_TOKEN_OPERATIONS: OperationMap = {
  'POST /v1/api-tokens': {
    operationId: 'createApiToken',
    tags: ['API tokens'],
    description: 'Creates a token that acts as the caller. The secret is in this response only; Roster keeps just its hash.',
    body: { schema: apiTokenBody, example: { name: 'Nightly HR sync', expiresAt: '2027-12-31T00:00:00Z' } },
    responses: {
      201: {
        description: 'The new token, with its secret.',
        schema: createdApiToken,
        example: { ...EXAMPLE_TOKEN, token: `rat.${EXAMPLE_ORG_ID}.${EXAMPLE_USER_ID}.${TOKEN_ID}.<secret>` },
        headers: z.object({ Location: z.string().meta({ description: 'Path of the new token.', example: `/v1/api-tokens/${TOKEN_ID}` }) }),
      },
    },
  },
  'GET /v1/api-tokens': {
    operationId: 'listApiTokens',
    tags: ['API tokens'],
    responses: { 200: { description: 'The caller\'s own tokens, without secrets.', schema: apiTokenList, example: { tokens: [EXAMPLE_TOKEN] } } },
  },
  'DELETE /v1/api-tokens/{tokenId}': {
    operationId: 'revokeApiToken',
    tags: ['API tokens'],
    description: 'Revokes one of the caller\'s own tokens; it stops working on its next request.',
    params: tokenIdParams,
    responses: { 204: { description: 'The token is revoked.' } },
    errors: { 404: 'The caller has no token with this id.' },
  },
};
