import type { RouteDefinition } from '#functions/routes';
import { BACKFILL_QUEUE_NAMES } from '#functions/workers/backfill/definition';

const CURSOR_KEY = 'cursor-signing-key';
/** Credentials of every org and integration: `integrations/<orgId>/<integration>`. */
const INTEGRATION_SECRETS = 'integrations/*';

/** Integrations, backfill, sync status and the pipeline view. */
export const INTEGRATION_ROUTES: RouteDefinition[] = [
  { method: 'GET', path: '/v1/integrations', handler: 'http/integrations/list', auth: 'admin', table: 'read', summary: 'List integrations with how many users need sync for each' },
  { method: 'PUT', path: '/v1/integrations/{integration}', handler: 'http/integrations/connect', auth: 'admin', table: 'write', writesSecrets: [INTEGRATION_SECRETS], summary: 'Connect an integration or replace its credentials' },
  { method: 'DELETE', path: '/v1/integrations/{integration}', handler: 'http/integrations/disconnect', auth: 'admin', table: 'write', writesSecrets: [INTEGRATION_SECRETS], summary: 'Disconnect an integration' },
  { method: 'POST', path: '/v1/integrations/{integration}/backfill', handler: 'http/integrations/backfill', auth: 'admin', table: 'write', sendsTo: BACKFILL_QUEUE_NAMES, summary: 'Queue backfills of users who need sync' },
  { method: 'GET', path: '/v1/users/{userId}/sync', handler: 'http/integrations/sync-status', auth: 'admin', table: 'read', summary: 'Show a user\'s backfill status per integration' },
  { method: 'GET', path: '/v1/deals', handler: 'http/integrations/deals', auth: 'admin', table: 'read', secrets: [CURSOR_KEY], summary: 'List a user\'s deals (pipeline view)' },
  { method: 'GET', path: '/v1/users/{userId}/calls', handler: 'http/integrations/calls', auth: 'admin', table: 'read', secrets: [CURSOR_KEY], summary: 'List a user\'s calls' },
];
