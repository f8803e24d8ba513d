import { ScimRequestError } from './errors.ts';
import { splitAttributeName } from './filter.ts';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** The maximum number of resources in one list response; ServiceProviderConfig advertises it as filter.maxResults. */
export const MAX_RESULTS = 200;
export const DEFAULT_COUNT = 100;

export interface Paging {
  /** 1-based index of the first result. */
  startIndex: number;
  count: number;
}

function readInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new ScimRequestError('invalidValue', `${name} must be a whole number; got "${value}".`);
  return Number(value.trim());
}

/**
 * Reads startIndex and count as RFC 7644 section 3.4.2.4 requires: a startIndex
 * below 1 counts as 1, a negative count as 0, and a count above the maximum
 * is capped to it.
 */
export function readPaging(startIndex: string | undefined, count: string | undefined): Paging {
  const start = readInteger(startIndex, 'startIndex') ?? 1;
  const size = readInteger(count, 'count') ?? DEFAULT_COUNT;
  return { startIndex: Math.max(1, start), count: Math.min(MAX_RESULTS, Math.max(0, size)) };
}

/** Builds a ListResponse from every matching resource, in a stable order, returning the requested page. */
export function listResponse<T>(all: T[], paging: Paging) {
  const page = all.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: all.length,
    startIndex: paging.startIndex,
    itemsPerPage: page.length,
    Resources: page,
  };
}

/** Attributes returned whatever `attributes` or `excludedAttributes` request (RFC 7643 "returned: always"). */
const ALWAYS_RETURNED = new Set(['id', 'schemas']);

function parseAttributeList(value: string | undefined): string[][] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => splitAttributeName(name).names);
}

function findKey(object: Record<string, unknown>, lowerName: string): string | undefined {
  return Object.keys(object).find((key) => key.toLowerCase() === lowerName);
}

/**
 * Applies the `attributes` and `excludedAttributes` query parameters
 * (RFC 7644 section 3.9) to a resource. Names are case-insensitive and may
 * name a sub-attribute (`name.givenName`) or carry the schema URN.
 */
export function projectAttributes<T extends Record<string, unknown>>(resource: T, attributes?: string, excludedAttributes?: string): Record<string, unknown> {
  const included = parseAttributeList(attributes);
  if (included) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(resource)) if (ALWAYS_RETURNED.has(key)) result[key] = value;
    for (const [name, sub] of included) {
      const key = name === undefined ? undefined : findKey(resource, name);
      if (key === undefined) continue;
      const value = resource[key];
      if (sub === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
        result[key] = value;
        continue;
      }
      const subKey = findKey(value as Record<string, unknown>, sub);
      if (subKey === undefined) continue;
      const target = (typeof result[key] === 'object' && result[key] !== null ? result[key] : {}) as Record<string, unknown>;
      target[subKey] = (value as Record<string, unknown>)[subKey];
      result[key] = target;
    }
    return result;
  }
  const excluded = parseAttributeList(excludedAttributes);
  if (!excluded) return resource;
  const result: Record<string, unknown> = { ...resource };
  for (const [name, sub] of excluded) {
    const key = name === undefined ? undefined : findKey(result, name);
    if (key === undefined || ALWAYS_RETURNED.has(key)) continue;
    const value = result[key];
    if (sub === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
      delete result[key];
      continue;
    }
    const copy = { ...(value as Record<string, unknown>) };
    const subKey = findKey(copy, sub);
    if (subKey !== undefined) delete copy[subKey];
    result[key] = copy;
  }
  return result;
}
