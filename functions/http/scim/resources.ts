import type { DomainError } from '#domain/errors';
import { type Filter, parseFilter } from '#domain/scim/filter';
import { listResponse, projectAttributes, readPaging } from '#domain/scim/list';
import type { HttpResult } from '#commons/http/route';
import type { ScimRequest } from '#commons/http/scim-route';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A SCIM resource as the mapping functions build it: meta carries the location and version. */
interface Resource extends Record<string, unknown> {
  meta: { location: string; version: string };
}

/** Reads an id from the path; an id that is not a ULID cannot exist, so it is a 404 without a read. */
export function pathId(request: ScimRequest, name: string, notFound: (id: string) => DomainError): string {
  const id = request.params[name] ?? '';
  if (!ULID.test(id)) throw notFound(id);
  return id;
}

/** The `filter` query parameter, parsed; undefined when absent or blank. */
export function filterOf(request: ScimRequest): Filter | undefined {
  const text = request.query.get('filter');
  return text === undefined || text.trim() === '' ? undefined : parseFilter(text);
}

/** A single-resource response, projected by attributes/excludedAttributes, with its ETag (and Location on 201). */
export function resourceResult(request: ScimRequest, resource: Resource, status: number): HttpResult {
  return {
    status,
    headers: { etag: resource.meta.version, ...(status === 201 ? { location: resource.meta.location } : {}) },
    body: projectAttributes(resource, request.query.get('attributes'), request.query.get('excludedattributes')),
  };
}

/** A ListResponse page of `items`, each mapped to its resource and projected. */
export function listResult<T>(request: ScimRequest, items: T[], toResource: (item: T) => Record<string, unknown>): HttpResult {
  const page = listResponse(items, readPaging(request.query.get('startindex'), request.query.get('count')));
  const attributes = request.query.get('attributes');
  const excluded = request.query.get('excludedattributes');
  return { status: 200, body: { ...page, Resources: page.Resources.map((item) => projectAttributes(toResource(item), attributes, excluded)) } };
}
