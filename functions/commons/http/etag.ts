import { ValidationError } from '#domain/errors';

/**
 * Reads the version from an If-Match header (`W/"3"` or `"3"`). Returns
 * undefined when the header is absent or `*`, meaning any version.
 */
export function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) {
    throw new ValidationError('The If-Match header is invalid.', [
      { field: 'If-Match', message: 'Invalid If-Match: send the ETag from the last response unchanged, for example W/"3".' },
    ]);
  }
  return Number(match[1]);
}
