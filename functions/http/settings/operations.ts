import type { OperationMap } from '#functions/http/openapi/operation';
import { settings } from '#functions/http/responses';
import { updateSettingsBody } from '#functions/http/schemas';
import { EXAMPLE_ORG_ID } from '#functions/http/users/operations';

/** API description of the /v1/settings routes. */

const EXAMPLE_SETTINGS = {
  orgId: EXAMPLE_ORG_ID,
  name: 'Acme',
  welcomeEmailsDefault: true,
  autoBackfill: false,
  adminGroupName: null,
  integrations: ['gong', 'salesforce'],
};

export const SETTINGS_OPERATIONS: OperationMap = {
  'GET /v1/settings': {
    operationId: 'getSettings',
    tags: ['Settings'],
    responses: { 200: { description: 'The org\'s settings and connected integrations.', schema: settings, example: EXAMPLE_SETTINGS } },
  },
  'PATCH /v1/settings': {
    operationId: 'updateSettings',
    tags: ['Settings'],
    description: 'Changes only the settings sent. `adminGroupName: null` stops SCIM groups from changing roles.',
    body: { schema: updateSettingsBody, example: { welcomeEmailsDefault: false } },
    responses: { 200: { description: 'The changed settings.', schema: settings, example: { ...EXAMPLE_SETTINGS, welcomeEmailsDefault: false } } },
  },
};
