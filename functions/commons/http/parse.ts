import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { type FieldIssue, ValidationError } from '#domain/errors';
import { HttpError } from './problem.ts';

/** Request bodies above this size are rejected with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Joins a field path with dots. An empty key is shown as `""`, so every issue
 * names a field even when a client sent `{"": …}`.
 */
function fieldName(prefix: string | undefined, segments: PropertyKey[]): string {
  const names = segments.map((segment) => (String(segment) === '' ? '""' : String(segment)));
  return [...(prefix ? [prefix] : []), ...names].join('.');
}

/** Turns zod issues into field issues; an unknown key becomes an issue on that key, so the response names it. */
export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ field: fieldName(prefix, [...issue.path, key]), message: `Unknown field "${key}": remove it; see the API description for the accepted fields.` });
      }
      continue;
    }
    const field = fieldName(prefix, issue.path) || (prefix ?? 'body');
    issues.push({ field, message: issue.message });
  }
  return issues;
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'path'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  const fields = [...new Set(issues.map((issue) => issue.field))].join(', ');
  throw new ValidationError(`The request ${where} is invalid: check ${fields}.`, issues);
}

/** Decodes and parses a JSON body; an empty body parses as `undefined`. */
export function readJsonBody(event: APIGatewayProxyEventV2, mediaTypes: string[] = ['application/json']): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'body_too_large', 'Content Too Large', `The request body is larger than ${MAX_BODY_BYTES} bytes; send a smaller body.`, [
      { field: 'body', message: `Too large: send at most ${MAX_BODY_BYTES} bytes.` },
    ]);
  }
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== '' && !mediaTypes.includes(contentType)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Unsupported Media Type',
      `Content-Type ${contentType} is not supported; send the body as ${mediaTypes.join(' or ')}.`,
      [{ field: 'Content-Type', message: `Unsupported: send ${mediaTypes.join(' or ')}.` }],
    );
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ field: 'body', message: 'Invalid JSON: send a JSON object.' }]);
  }
}
