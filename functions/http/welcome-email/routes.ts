import type { RouteDefinition } from '#functions/routes';

/** Welcome email resend. */
export const WELCOME_EMAIL_ROUTES: RouteDefinition[] = [];
