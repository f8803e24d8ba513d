import type { RouteDefinition } from '#functions/routes';

/** The audit trail. */
export const AUDIT_ROUTES: RouteDefinition[] = [];
