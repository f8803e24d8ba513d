import type { RouteDefinition } from '#functions/routes';

/** Integrations, backfill, sync status and the pipeline view. */
export const INTEGRATION_ROUTES: RouteDefinition[] = [];
