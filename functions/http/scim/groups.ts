import { GroupNotFoundError, createGroup, deleteGroup, findGroups, getGroup, updateGroup } from '#domain/scim/group-service';
import { type Group, applyGroupPatch, readGroupBody, toScimGroup } from '#domain/scim/groups';
import { parsePatchBody } from '#domain/scim/patch';
import { groupServiceDeps } from '#commons/dependencies';
import { logger } from '#commons/powertools';
import { type ScimRequest, scimRoute } from '#commons/http/scim-route';
import { filterOf, listResult, pathId, resourceResult } from './resources.ts';

const groupIdOf = (request: ScimRequest) => pathId(request, 'groupId', (id) => new GroupNotFoundError(id));
const groupResult = (request: ScimRequest, group: Group, status: number) => resourceResult(request, toScimGroup(group, request.baseUrl), status);

function logChange(action: string, group: Group) {
  logger.info(`Group ${action} over SCIM`, { groupId: group.groupId, members: group.members.length });
}

export const handler = scimRoute({
  'GET /scim/v2/Groups': async (request) => {
    const groups = await findGroups(groupServiceDeps, request.caller.org.orgId, filterOf(request), request.baseUrl);
    return listResult(request, groups, (group) => toScimGroup(group, request.baseUrl));
  },

  'POST /scim/v2/Groups': async (request) => {
    const group = await createGroup(groupServiceDeps, request.caller.context, request.caller.org, readGroupBody(request.body()));
    logChange('created', group);
    return groupResult(request, group, 201);
  },

  'GET /scim/v2/Groups/{groupId}': async (request) => {
    const group = await getGroup(groupServiceDeps, request.caller.org.orgId, groupIdOf(request));
    return groupResult(request, group, 200);
  },

  'PUT /scim/v2/Groups/{groupId}': async (request) => {
    const groupId = groupIdOf(request);
    const fields = readGroupBody(request.body(), groupId);
    const group = await updateGroup(groupServiceDeps, request.caller.context, request.caller.org, groupId, () => fields, request.ifMatch);
    logChange('replaced', group);
    return groupResult(request, group, 200);
  },

  'PATCH /scim/v2/Groups/{groupId}': async (request) => {
    const groupId = groupIdOf(request);
    const operations = parsePatchBody(request.body());
    const group = await updateGroup(
      groupServiceDeps,
      request.caller.context,
      request.caller.org,
      groupId,
      (current) => applyGroupPatch(current, operations, groupId),
      request.ifMatch,
    );
    logChange('updated', group);
    return groupResult(request, group, 200);
  },

  'DELETE /scim/v2/Groups/{groupId}': async (request) => {
    const groupId = groupIdOf(request);
    await deleteGroup(groupServiceDeps, request.caller.context, request.caller.org, groupId, request.ifMatch);
    logger.info('Group deleted over SCIM', { groupId });
    return { status: 204 };
  },
});
