import { publicRoute } from '#commons/http/route';
import { openApiDocument } from './document.ts';

/** Serves the OpenAPI 3.1 description of the admin API, without authentication. */
export const handler = publicRoute({}, async () => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=300' },
  body: openApiDocument(),
}));
