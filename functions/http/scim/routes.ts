import type { RouteDefinition } from '#functions/routes';

/** SCIM 2.0 under /scim/v2 and the SCIM token routes. */
export const SCIM_ROUTES: RouteDefinition[] = [];
