import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../functions/http/openapi/document.ts';

/** Writes the OpenAPI document of the admin API to docs/openapi.json (`npm run openapi`). */

export const OPENAPI_FILE = join(import.meta.dirname, '..', 'docs', 'openapi.json');

export const serializeDocument = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(OPENAPI_FILE, serializeDocument(buildOpenApiDocument()));
  console.log(`Wrote ${OPENAPI_FILE}`);
}
