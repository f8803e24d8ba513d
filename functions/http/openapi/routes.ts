import type { RouteDefinition } from '#functions/routes';

/** The API description. */
export const OPENAPI_ROUTES: RouteDefinition[] = [];
