import * as z from 'zod';
import { etagHeader, ifMatchHeader, type OperationMap } from '#functions/http/openapi/operation';
import { roleChangeResults, userPage } from '#functions/http/responses';
import { createUserBody, listUsersQuery, updateUserBody, userIdParams, userIdsBody, userResource } from '#functions/http/schemas';

/** API description of the /v1/users routes. */

const ORG_ID = '01JEM6Y0T4Q8W2R5N7K9C3B1XZ';
const USER_ID = '01JEM7A2B3C4D5E6F7G8H9JKMN';
const OTHER_USER_ID = '01JEM7A2B3C4D5E6F7G8H9JKMP';

export const EXAMPLE_USER = {
  id: USER_ID,
  email: 'ann@example.com',
  givenName: 'Ann',
  familyName: 'Lee',
  role: 'member',
  status: 'active',
  needsSync: ['salesforce', 'gong'],
  welcomeEmail: { status: 'queued', requestId: '01JEM7A2B3C4D5E6F7G8H9JKMQ', queuedAt: '2026-12-04T09:30:00.000Z' },
  version: 1,
  createdAt: '2026-12-04T09:30:00.000Z',
  updatedAt: '2026-12-04T09:30:00.000Z',
} as const;

const userHeaders = z.object({ ETag: etagHeader });
const createdHeaders = z.object({
  ETag: etagHeader,
  Location: z.string().meta({ description: 'Path of the new user.', example: `/v1/users/${USER_ID}` }),
});

const USER_NOT_FOUND = 'No user with this id exists in the caller\'s org.';
const STALE_VERSION = 'If-Match names an older version than the user\'s current one; fetch the user again and retry with its ETag.';
const CONCURRENT_UPDATE = 'Without If-Match: concurrent requests changed the user during every attempt to apply this change (`code: concurrent_update`); retry the request.';
const LAST_ADMIN = 'The user is the org\'s last active admin (`code: last_admin`); promote another user first.';

const userResponse = (description: string, example: unknown = EXAMPLE_USER) => ({
  200: { description, schema: userResource, example, headers: userHeaders },
});

export const USER_OPERATIONS: OperationMap = {
  'GET /v1/users': {
    operationId: 'listUsers',
    tags: ['Users'],
    description:
      'Lists users in creation order, one page at a time. Without `status`, everyone who is not deleted is listed. Follow `nextCursor` until it is null; a page may hold fewer than `limit` users even when more follow.',
    query: listUsersQuery,
    responses: {
      200: {
        description: 'One page of users.',
        schema: userPage,
        example: { users: [EXAMPLE_USER], nextCursor: 'VVNFUiMwMUpFTTdBMkIz.mJ1x1cV0n2Cq3r4s5t6u7w' },
      },
    },
  },
  'POST /v1/users': {
    operationId: 'createUser',
    tags: ['Users'],
    description:
      'Adds a user, marked Need Sync for every connected integration. A welcome email is sent when `sendWelcomeEmail` is true, or when it is omitted and the org\'s `welcomeEmailsDefault` is true.',
    body: {
      schema: createUserBody,
      example: { email: 'ann@example.com', givenName: 'Ann', familyName: 'Lee', role: 'member', sendWelcomeEmail: true },
    },
    responses: { 201: { description: 'The user was added.', schema: userResource, example: EXAMPLE_USER, headers: createdHeaders } },
    errors: { 409: 'Another user in the org has this email, compared without case (`code: email_taken`).' },
  },
  'GET /v1/users/{userId}': {
    operationId: 'getUser',
    tags: ['Users'],
    params: userIdParams,
    responses: userResponse('The user, in any status.'),
    errors: { 404: USER_NOT_FOUND },
  },
  'PATCH /v1/users/{userId}': {
    operationId: 'updateUser',
    tags: ['Users'],
    description: 'Changes the email or name. A new email marks the user Need Sync again for every connected integration.',
    params: userIdParams,
    headers: ifMatchHeader,
    body: { schema: updateUserBody, example: { email: 'ann.lee@example.com' } },
    responses: userResponse('The changed user.', { ...EXAMPLE_USER, email: 'ann.lee@example.com', version: 2 }),
    errors: {
      404: USER_NOT_FOUND,
      409: `Another user in the org has the new email (\`code: email_taken\`), or the user is deleted (\`code: invalid_state\`). ${CONCURRENT_UPDATE}`,
      412: STALE_VERSION,
    },
  },
  'DELETE /v1/users/{userId}': {
    operationId: 'deleteUser',
    tags: ['Users'],
    description: 'Soft delete: the user loses access at once, their data stays, and their email is free for another user. Restore undoes it.',
    params: userIdParams,
    headers: ifMatchHeader,
    responses: { 204: { description: 'The user is deleted.' } },
    errors: { 404: USER_NOT_FOUND, 409: `${LAST_ADMIN} Also sent when the user is already deleted (\`code: invalid_state\`). ${CONCURRENT_UPDATE}`, 412: STALE_VERSION },
  },
  'POST /v1/users/promote': {
    operationId: 'promoteUsers',
    tags: ['Users'],
    description: 'Makes each listed user an admin. Each user gets its own result; a failure for one does not stop the others.',
    body: { schema: userIdsBody, example: { userIds: [USER_ID, OTHER_USER_ID] } },
    responses: {
      200: {
        description: 'A result per user id, in request order.',
        schema: roleChangeResults,
        example: {
          results: [
            { userId: USER_ID, outcome: 'updated', user: { ...EXAMPLE_USER, role: 'admin', version: 2 } },
            { userId: OTHER_USER_ID, outcome: 'failed', error: { code: 'not_found', detail: `No user with id ${OTHER_USER_ID} exists in this org.` } },
          ],
        },
      },
    },
  },
  'POST /v1/users/demote': {
    operationId: 'demoteUsers',
    tags: ['Users'],
    description: 'Makes each listed admin a member. The org\'s last active admin is never demoted: that user\'s result is `failed` with `code: last_admin`.',
    body: { schema: userIdsBody, example: { userIds: [USER_ID] } },
    responses: {
      200: {
        description: 'A result per user id, in request order.',
        schema: roleChangeResults,
        example: { results: [{ userId: USER_ID, outcome: 'unchanged', user: EXAMPLE_USER }] },
      },
    },
  },
  'POST /v1/users/{userId}/suspend': {
    operationId: 'suspendUser',
    tags: ['Users'],
    description: 'Blocks the user\'s access until an admin reactivates them.',
    params: userIdParams,
    headers: ifMatchHeader,
    responses: userResponse('The suspended user.', { ...EXAMPLE_USER, status: 'suspended', version: 2 }),
    errors: { 404: USER_NOT_FOUND, 409: `${LAST_ADMIN} Also sent when the user is not active (\`code: invalid_state\`). ${CONCURRENT_UPDATE}`, 412: STALE_VERSION },
  },
  'POST /v1/users/{userId}/reactivate': {
    operationId: 'reactivateUser',
    tags: ['Users'],
    params: userIdParams,
    headers: ifMatchHeader,
    responses: userResponse('The reactivated user.', { ...EXAMPLE_USER, version: 3 }),
    errors: { 404: USER_NOT_FOUND, 409: `The user is not suspended (\`code: invalid_state\`). ${CONCURRENT_UPDATE}`, 412: STALE_VERSION },
  },
  'POST /v1/users/{userId}/restore': {
    operationId: 'restoreUser',
    tags: ['Users'],
    description: 'Undoes a delete: the user is active again with the role they had.',
    params: userIdParams,
    headers: ifMatchHeader,
    responses: userResponse('The restored user.', { ...EXAMPLE_USER, version: 3 }),
    errors: {
      404: USER_NOT_FOUND,
      409: `The user is not deleted (\`code: invalid_state\`), or another user has taken their email since (\`code: email_taken\`). ${CONCURRENT_UPDATE}`,
      412: STALE_VERSION,
    },
  },
};

export { ORG_ID as EXAMPLE_ORG_ID, USER_ID as EXAMPLE_USER_ID };
