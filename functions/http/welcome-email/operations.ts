import * as z from 'zod';
import { etagHeader, type OperationMap } from '#functions/http/openapi/operation';
import { emptyBody, userIdParams, userResource } from '#functions/http/schemas';
import { EXAMPLE_USER } from '#functions/http/users/operations';

/** API description of the welcome email resend route. */
export const WELCOME_EMAIL_OPERATIONS: OperationMap = {
  'POST /v1/users/{userId}/welcome-email': {
    operationId: 'resendWelcomeEmail',
    tags: ['Users'],
    description:
      'Queues a new welcome email under a new request id, so an earlier request still in the queue is skipped. The email is sent asynchronously: `welcomeEmail` in the returned user is `queued`, or `failed` when the queue rejected the request.',
    params: userIdParams,
    body: { schema: emptyBody, example: {}, required: false },
    responses: {
      202: {
        description: 'The email is queued.',
        schema: userResource,
        example: {
          ...EXAMPLE_USER,
          welcomeEmail: { status: 'queued', requestId: '01JEM9D5E6F7G8H9JKMNPQRSTV', queuedAt: '2026-12-05T08:00:00.000Z' },
          version: 3,
        },
        headers: z.object({ ETag: etagHeader }),
      },
    },
    errors: {
      404: 'No user with this id exists in the caller\'s org.',
      409: 'The user is deleted (`code: user_deleted`); restore them first.',
      412: 'The user changed during every attempt to record the request; retry.',
    },
  },
};
