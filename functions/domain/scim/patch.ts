import { ScimRequestError } from './errors.ts';
import { type AttributePath, parsePath, splitAttributeName } from './filter.ts';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOperationName = 'add' | 'replace' | 'remove';

/** One PATCH operation with its path parsed; `path` is absent for a path-less add or replace. */
export interface PatchOperation {
  op: PatchOperationName;
  path?: AttributePath;
  value?: unknown;
}

/** Ops past this count are rejected, so one request cannot make unbounded work. */
export const MAX_PATCH_OPERATIONS = 100;

/**
 * Reads a PatchOp body. Operation names are matched in any case (`Replace`,
 * `ADD`), because clients send them so; the `schemas` member is not required
 * for the same reason.
 */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimRequestError('invalidSyntax', `A PATCH body must be a JSON object with schemas ["${PATCH_OP_SCHEMA}"] and Operations.`);
  }
  const operations = Object.entries(body).find(([key]) => key.toLowerCase() === 'operations')?.[1];
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimRequestError('invalidSyntax', 'The PATCH body must have an Operations array with at least one operation.');
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw new ScimRequestError('tooMany', `The PATCH body has ${operations.length} operations; send at most ${MAX_PATCH_OPERATIONS} per request.`);
  }
  return operations.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw new ScimRequestError('invalidSyntax', `Operations[${index}] must be an object with op, path and value.`);
    const fields = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));
    const op = typeof fields.op === 'string' ? fields.op.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw new ScimRequestError('invalidSyntax', `Operations[${index}].op is ${JSON.stringify(fields.op)}; use add, replace or remove.`);
    }
    const path = typeof fields.path === 'string' && fields.path.trim() !== '' ? parsePath(fields.path.trim()) : undefined;
    if (path === undefined && op === 'remove') {
      throw new ScimRequestError('noTarget', `Operations[${index}] is a remove without a path; name the attribute to remove in path.`);
    }
    if (path === undefined && (typeof fields.value !== 'object' || fields.value === null || Array.isArray(fields.value))) {
      throw new ScimRequestError('invalidValue', `Operations[${index}] has no path, so its value must be an object of attribute names and values.`);
    }
    return { op, ...(path ? { path } : {}), ...('value' in fields ? { value: fields.value } : {}) };
  });
}

/**
 * Expands a path-less add or replace into one operation per attribute. Keys
 * may be dotted (`name.givenName`) or schema-qualified, and a schema URN key
 * whose value is an object contributes each of its attributes.
 */
export function expandPathless(operation: PatchOperation): PatchOperation[] {
  if (operation.path) return [operation];
  const expanded: PatchOperation[] = [];
  for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
    const { schema, names } = splitAttributeName(key);
    if (names.length === 0) {
      // A schema URN key, such as the enterprise extension holding its attributes.
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [inner, innerValue] of Object.entries(value)) {
          const split = splitAttributeName(inner);
          expanded.push({ op: operation.op, path: toPath(schema, split.names), value: innerValue });
        }
      }
      continue;
    }
    expanded.push({ op: operation.op, path: toPath(schema, names), value });
  }
  return expanded;
}

function toPath(schema: AttributePath['schema'], names: string[]): AttributePath {
  return { schema, attribute: names[0] ?? '', ...(names[1] === undefined ? {} : { subAttribute: names.slice(1).join('.') }) };
}

/** Reads a boolean sent as JSON or as a string in any case (`"False"`), as Microsoft Entra ID sends it. */
export function toBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new ScimRequestError('invalidValue', `${attribute} must be true or false; got ${JSON.stringify(value)}.`);
}

/** Reads a string value, unwrapping the `[{"value": …}]` form some clients send for a single-valued attribute. */
export function toText(value: unknown, attribute: string): string {
  if (Array.isArray(value) && value.length === 1) return toText(value[0], attribute);
  if (typeof value === 'object' && value !== null && 'value' in value) return toText((value as { value: unknown }).value, attribute);
  if (typeof value === 'string') return value;
  throw new ScimRequestError('invalidValue', `${attribute} must be a string; got ${JSON.stringify(value)}.`);
}
