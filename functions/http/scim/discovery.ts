import { NotFoundError } from '#domain/errors';
import { resourceTypes, schemas, serviceProviderConfig } from '#domain/scim/discovery';
import { listResponse } from '#domain/scim/list';
import { scimRoute } from '#commons/http/scim-route';

/** Lists every entry: discovery lists are small, so paging parameters are not applied. */
const listOf = <T>(items: T[]) => listResponse(items, { startIndex: 1, count: items.length });

export const handler = scimRoute({
  'GET /scim/v2/ServiceProviderConfig': async ({ baseUrl }) => ({ status: 200, body: serviceProviderConfig(baseUrl) }),

  'GET /scim/v2/ResourceTypes': async ({ baseUrl }) => ({ status: 200, body: listOf(resourceTypes(baseUrl)) }),

  'GET /scim/v2/ResourceTypes/{resourceTypeId}': async ({ baseUrl, params }) => {
    const found = resourceTypes(baseUrl).find((type) => type.id === params.resourceTypeId);
    if (!found) throw new NotFoundError(`No resource type ${params.resourceTypeId}; Roster has User and Group.`);
    return { status: 200, body: found };
  },

  'GET /scim/v2/Schemas': async ({ baseUrl }) => ({ status: 200, body: listOf(schemas(baseUrl)) }),

  'GET /scim/v2/Schemas/{schemaId}': async ({ baseUrl, params }) => {
    const found = schemas(baseUrl).find((schema) => schema.id === params.schemaId);
    if (!found) throw new NotFoundError(`No schema ${params.schemaId}; see GET /scim/v2/Schemas for the ones Roster has.`);
    return { status: 200, body: found };
  },
});
