import type { RouteDefinition } from '#functions/routes';

/** The API description. */
export const OPENAPI_ROUTES: RouteDefinition[] = [
  // NOTE: `table: 'read'` is the narrowest access the route table can express; the handler never reads the table.
  { method: 'GET', path: '/v1/openapi.json', handler: 'http/openapi/get', auth: 'public', table: 'read', summary: 'Get the OpenAPI description of the admin API' },
];
