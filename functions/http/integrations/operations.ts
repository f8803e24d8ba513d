import * as z from 'zod';
import { CREDENTIAL_SCHEMAS } from '#domain/integration-credentials';
import type { OperationMap } from '#functions/http/openapi/operation';
import { userIdParams } from '#functions/http/schemas';
import { EXAMPLE_USER_ID } from '#functions/http/users/operations';
import {
  backfillBody,
  backfillQuery,
  backfillResult,
  callPage,
  connectedIntegration,
  dealPage,
  integrationList,
  integrationParams,
  listCallsQuery,
  listDealsQuery,
  syncStatus,
} from './schemas.ts';

/** API description of the integration, backfill, sync status and pipeline routes. */

const OTHER_USER_ID = '01JEM7A2B3C4D5E6F7G8H9JKMP';
const CURSOR = 'REVBTCMwMUpFTTdBMkIz.mJ1x1cV0n2Cq3r4s5t6u7w';
const NOT_CONNECTED = 'The integration is not connected to the org (`code: integration_not_connected`). Connect it with PUT /v1/integrations/{integration} first.';
const USER_NOT_FOUND = 'No user with this id exists in the caller\'s org.';
const CURSOR_NOTE = 'A cursor is bound to the org and the user it was issued for, so a cursor from another list is rejected with 400 naming `cursor`.';

const connectedResponse = (description: string, usersMarkedNeedSync: number) => ({
  description,
  schema: connectedIntegration,
  example: { integration: 'salesforce', connected: true, usersMarkedNeedSync },
});

export const INTEGRATION_OPERATIONS: OperationMap = {
  'GET /v1/integrations': {
    operationId: 'listIntegrations',
    tags: ['Integrations'],
    description: 'Lists every integration Roster supports, whether the org has connected it, and how many active users need sync for it.',
    responses: {
      200: {
        description: 'Every integration, in a fixed order.',
        schema: integrationList,
        example: {
          integrations: [
            { integration: 'salesforce', connected: true, usersNeedingSync: 3 },
            { integration: 'hubspot', connected: false, usersNeedingSync: 0 },
            { integration: 'gong', connected: true, usersNeedingSync: 0 },
            { integration: 'salesloft', connected: false, usersNeedingSync: 0 },
          ],
        },
      },
    },
  },
  'PUT /v1/integrations/{integration}': {
    operationId: 'connectIntegration',
    tags: ['Integrations'],
    description:
      'Connects the integration with the provider\'s credentials, or replaces the credentials of a connected one. The credentials go to the secret store and are never returned. Connecting marks every active user Need Sync for the integration, but replacing credentials marks no one. The body\'s shape depends on the integration: Salesforce takes `instanceUrl` and `accessToken`, HubSpot `accessToken`, Gong `accessKey` and `accessKeySecret`, Salesloft `apiKey`.',
    params: integrationParams,
    body: {
      schema: z.union([CREDENTIAL_SCHEMAS.salesforce, CREDENTIAL_SCHEMAS.hubspot, CREDENTIAL_SCHEMAS.gong, CREDENTIAL_SCHEMAS.salesloft]),
      example: { instanceUrl: 'https://example.my.salesforce.com', accessToken: '00DExampleOrgId!AQEAExampleAccessToken' },
    },
    responses: {
      200: connectedResponse('The integration was already connected, and its credentials were replaced.', 0),
      201: connectedResponse('The integration is now connected.', 12),
    },
  },
  'DELETE /v1/integrations/{integration}': {
    operationId: 'disconnectIntegration',
    tags: ['Integrations'],
    description: 'Disconnects the integration: removes it from every user\'s Need Sync and deletes its credentials. Deals and calls already stored stay.',
    params: integrationParams,
    responses: { 204: { description: 'The integration is disconnected.' } },
    errors: { 404: 'The integration is not connected to the org.' },
  },
  'POST /v1/integrations/{integration}/backfill': {
    operationId: 'backfillIntegration',
    tags: ['Integrations'],
    description:
      'Queues a backfill of the last 30 days of deals or calls for each listed user, or, without `userIds` (or without a body), for every active user who needs sync for the integration. Users whose backfill is already queued or running are skipped. Backfills run asynchronously, so follow them with GET /v1/users/{userId}/sync.',
    params: integrationParams,
    query: backfillQuery,
    body: { schema: backfillBody, example: { userIds: [EXAMPLE_USER_ID, OTHER_USER_ID] }, required: false },
    responses: {
      202: {
        description: 'The backfills are queued.',
        schema: backfillResult,
        example: { integration: 'salesforce', queued: 1, skipped: [{ userId: OTHER_USER_ID, reason: 'not_active' }] },
      },
    },
    errors: { 409: NOT_CONNECTED },
  },
  'GET /v1/users/{userId}/sync': {
    operationId: 'getUserSyncStatus',
    tags: ['Integrations'],
    description:
      'Shows the user\'s Need Sync marks and, for each connected integration, the state of their backfill: `needs_sync` (none queued since the user was marked), `queued`, `running`, `synced` or `failed`.',
    params: userIdParams,
    responses: {
      200: {
        description: 'The user\'s backfill status per connected integration.',
        schema: syncStatus,
        example: {
          userId: EXAMPLE_USER_ID,
          needsSync: ['gong'],
          integrations: [
            { integration: 'salesforce', status: 'synced', updatedAt: '2026-12-04T09:31:12.000Z', records: 5, attempts: 1 },
            { integration: 'gong', status: 'failed', updatedAt: '2026-12-04T09:31:40.000Z', reason: 'provider_unavailable', attempts: 3 },
          ],
        },
      },
    },
    errors: { 404: USER_NOT_FOUND },
  },
  'GET /v1/deals': {
    operationId: 'listDeals',
    tags: ['Integrations'],
    description: `Lists the deals of one user (\`ownerId\`) from every connected CRM, one page at a time: the pipeline view. A deleted user's deals stay listed. ${CURSOR_NOTE}`,
    query: listDealsQuery,
    responses: {
      200: {
        description: 'One page of the user\'s deals.',
        schema: dealPage,
        example: {
          deals: [
            {
              externalId: '006Dn00000A1b2CIAR',
              ownerId: EXAMPLE_USER_ID,
              integration: 'salesforce',
              syncedAt: '2026-12-04T09:31:12.000Z',
              name: 'Example Corp renewal',
              amount: 48000,
              stage: 'Negotiation',
              closeDate: '2026-12-20',
              updatedAt: '2026-12-01T16:05:00.000Z',
            },
          ],
          nextCursor: CURSOR,
        },
      },
    },
    errors: { 404: 'No user with this ownerId exists in the caller\'s org.' },
  },
  'GET /v1/users/{userId}/calls': {
    operationId: 'listUserCalls',
    tags: ['Integrations'],
    description: `Lists the user's calls from every connected call tool, one page at a time. ${CURSOR_NOTE}`,
    params: userIdParams,
    query: listCallsQuery,
    responses: {
      200: {
        description: 'One page of the user\'s calls.',
        schema: callPage,
        example: {
          calls: [
            {
              externalId: '7782342274025937895',
              ownerId: EXAMPLE_USER_ID,
              integration: 'gong',
              syncedAt: '2026-12-04T09:31:40.000Z',
              title: 'Discovery call with Example Corp',
              startedAt: '2026-12-02T15:00:00.000Z',
              durationSeconds: 1860,
            },
          ],
          nextCursor: null,
        },
      },
    },
    errors: { 404: USER_NOT_FOUND },
  },
};
