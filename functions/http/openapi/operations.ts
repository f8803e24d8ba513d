import { openApiDocument } from '#functions/http/responses';
import type { OperationMap } from './operation.ts';

/** API description of the route that serves the API description. */
export const OPENAPI_OPERATIONS: OperationMap = {
  'GET /v1/openapi.json': {
    operationId: 'getOpenApiDocument',
    tags: ['API description'],
    description: 'Returns this document. No credentials are needed.',
    responses: {
      200: {
        description: 'The OpenAPI 3.1 description of the /v1 admin API.',
        schema: openApiDocument,
        example: { openapi: '3.1.0', info: { title: 'Roster admin API', version: '0.1.0' }, paths: {} },
      },
    },
  },
};
