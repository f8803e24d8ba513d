import type { RouteDefinition } from '#functions/routes';

/** Welcome email resend. */
export const WELCOME_EMAIL_ROUTES: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/users/{userId}/welcome-email',
    handler: 'http/welcome-email/resend',
    auth: 'admin',
    table: 'write',
    sendsTo: ['welcome-email'],
    summary: 'Send the user\'s welcome email again',
  },
];
