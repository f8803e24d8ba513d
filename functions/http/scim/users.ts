import { UserNotFoundError } from '#domain/errors';
import type { User } from '#domain/user';
import { parsePatchBody } from '#domain/scim/patch';
import { type ScimUserFields, applyUserPatch, readUserBody, toScimUser } from '#domain/scim/users';
import { checkUserFields, createScimUser, deleteScimUser, findScimUsers, getScimUser, updateScimUser } from '#domain/scim/user-service';
import { userServiceDeps } from '#commons/dependencies';
import { BUSINESS_METRICS, countEvent } from '#commons/business-metrics';
import { logger } from '#commons/powertools';
import { userEvents } from '#commons/user-events';
import { type ScimRequest, scimRoute } from '#commons/http/scim-route';
import { email } from '#functions/http/schemas';
import { filterOf, listResult, pathId, resourceResult } from './resources.ts';

const isEmail = (value: string) => email.safeParse(value).success;
const userIdOf = (request: ScimRequest) => pathId(request, 'userId', (id) => new UserNotFoundError(id));

function checked(fields: ScimUserFields): ScimUserFields {
  checkUserFields(fields, isEmail);
  return fields;
}

const userResult = (request: ScimRequest, user: User, status: number) => resourceResult(request, toScimUser(user, request.baseUrl), status);

async function afterUpdate(request: ScimRequest, user: User, emailChanged: boolean) {
  if (emailChanged) {
    logger.info('User email changed over SCIM; marked Need Sync', { userId: user.userId, needsSync: user.needsSync });
    await userEvents.emailChanged(user, request.caller.org);
  }
}

export const handler = scimRoute({
  'GET /scim/v2/Users': async (request) => {
    const users = await findScimUsers(userServiceDeps, request.caller.org.orgId, filterOf(request), request.baseUrl);
    return listResult(request, users, (user) => toScimUser(user, request.baseUrl));
  },

  'POST /scim/v2/Users': async (request) => {
    const fields = checked(readUserBody(request.body()));
    const user = await createScimUser(userServiceDeps, request.caller.context, request.caller.org, fields);
    await userEvents.added(user, request.caller.org);
    countEvent(BUSINESS_METRICS.usersAdded, request.caller.org.orgId);
    logger.info('User added over SCIM', { userId: user.userId, status: user.status, welcomeEmail: user.welcomeEmail.status });
    return userResult(request, user, 201);
  },

  'GET /scim/v2/Users/{userId}': async (request) => {
    const user = await getScimUser(userServiceDeps, request.caller.org.orgId, userIdOf(request));
    return userResult(request, user, 200);
  },

  'PUT /scim/v2/Users/{userId}': async (request) => {
    const userId = userIdOf(request);
    const fields = checked(readUserBody(request.body(), userId));
    const { user, emailChanged } = await updateScimUser(userServiceDeps, request.caller.context, request.caller.org, userId, () => fields, request.ifMatch);
    await afterUpdate(request, user, emailChanged);
    return userResult(request, user, 200);
  },

  'PATCH /scim/v2/Users/{userId}': async (request) => {
    const userId = userIdOf(request);
    const operations = parsePatchBody(request.body());
    const { user, emailChanged } = await updateScimUser(
      userServiceDeps,
      request.caller.context,
      request.caller.org,
      userId,
      (current) => checked(applyUserPatch(current, operations, userId)),
      request.ifMatch,
    );
    await afterUpdate(request, user, emailChanged);
    return userResult(request, user, 200);
  },

  'DELETE /scim/v2/Users/{userId}': async (request) => {
    const user = await deleteScimUser(userServiceDeps, request.caller.context, userIdOf(request), request.ifMatch);
    countEvent(BUSINESS_METRICS.usersDeleted, request.caller.org.orgId);
    logger.info('User deleted over SCIM', { userId: user.userId });
    return { status: 204 };
  },
});
