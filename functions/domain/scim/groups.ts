import { ScimRequestError, checkReadableText } from './errors.ts';
import { type AttributePath, type FilterableAttributes, SCHEMA_URNS, matches } from './filter.ts';
import { type PatchOperation, expandPathless, toText } from './patch.ts';

/** A group of users in one org. Members are user ids, in the order they were added. */
export interface Group {
  orgId: string;
  groupId: string;
  displayName: string;
  externalId?: string;
  members: string[];
  /** Optimistic-locking version, exposed as meta.version and the ETag. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The group attributes SCIM can change. */
export interface ScimGroupFields {
  displayName: string;
  externalId: string | null;
  members: string[];
}

export const MAX_DISPLAY_NAME_LENGTH = 256;

export function groupFieldsOf(group: Group): ScimGroupFields {
  return { displayName: group.displayName, externalId: group.externalId ?? null, members: [...group.members] };
}

/** Attributes Roster filters Groups on, lower-cased. */
export const GROUP_FILTER_ATTRIBUTES: FilterableAttributes = {
  names: new Set(['id', 'displayname', 'externalid', 'members', 'members.value', 'meta.created', 'meta.lastmodified']),
  caseExact: new Set(['id', 'externalid', 'members', 'members.value']),
  dates: new Set(['meta.created', 'meta.lastmodified']),
  valueFilterAttributes: { members: new Set(['value', 'type']) },
};

/** Equality on these reads the group, or its GROUPNAME# uniqueness item, instead of the org's groups. */
export const GROUP_KEY_ATTRIBUTES = new Set(['id', 'displayname']);

/** The Group resource (RFC 7643 section 4.2). */
export function toScimGroup(group: Group, baseUrl: string) {
  return {
    schemas: [SCHEMA_URNS.group],
    id: group.groupId,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    displayName: group.displayName,
    members: group.members.map((userId) => ({ value: userId, $ref: `${baseUrl}/Users/${userId}`, type: 'User' })),
    meta: {
      resourceType: 'Group',
      created: group.createdAt,
      lastModified: group.updatedAt,
      location: `${baseUrl}/Groups/${group.groupId}`,
      version: `W/"${group.version}"`,
    },
  };
}

/**
 * Reads member ids from the shapes clients send: a list of `{"value": id}`
 * objects (with or without `$ref`, `display`, `type`), a single such object,
 * or bare id strings.
 */
export function memberIdsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry, index) => {
    if (typeof entry === 'string') return entry;
    if (typeof entry === 'object' && entry !== null) {
      const id = Object.entries(entry).find(([key]) => key.toLowerCase() === 'value')?.[1];
      if (typeof id === 'string') return id;
    }
    throw new ScimRequestError('invalidValue', `members[${index}] must be an object with the member's user id as value, such as {"value":"01J…"}.`);
  });
}

const union = (current: string[], added: string[]) => [...new Set([...current, ...added])];

const MEMBER_ENTRY_FILTER: FilterableAttributes = { names: new Set(['value', 'type']), caseExact: new Set(['value']), dates: new Set(), valueFilterAttributes: {} };

function applyGroupOperation(fields: ScimGroupFields, op: PatchOperation['op'], path: AttributePath, value: unknown, groupId: string | undefined) {
  if (path.schema !== 'core') return;
  const remove = op === 'remove';
  switch (path.attribute) {
    case 'displayname':
      if (remove || value === null) throw new ScimRequestError('mutability', 'displayName is required and cannot be removed.');
      fields.displayName = toText(value, 'displayName');
      return;
    case 'externalid':
      fields.externalId = remove || value === null ? null : toText(value, 'externalId');
      return;
    case 'members': {
      if (path.valueFilter) {
        // members[value eq "id"]: only remove has a meaning; the member entries have nothing else to change.
        if (remove) fields.members = fields.members.filter((id) => !matches(path.valueFilter!, { value: id, type: 'User' }, MEMBER_ENTRY_FILTER));
        return;
      }
      if (path.subAttribute !== undefined && path.subAttribute !== 'value') return;
      const ids = memberIdsOf(value);
      if (op === 'add') fields.members = union(fields.members, ids);
      else if (op === 'replace') fields.members = union([], ids);
      // A remove with a value removes only the listed members; without one, RFC 7644 removes them all.
      else if (value === undefined || value === null) fields.members = [];
      else fields.members = fields.members.filter((id) => !ids.includes(id));
      return;
    }
    case 'id':
      if (groupId !== undefined && !remove && toText(value, 'id') === groupId) return;
      throw new ScimRequestError('mutability', 'id is read-only; remove it from the request.');
    default:
    // schemas, meta and attributes Roster does not store are accepted and ignored.
  }
}

/** Applies PATCH operations to a group's SCIM fields and returns the result; the input is not changed. */
export function applyGroupPatch(current: ScimGroupFields, operations: PatchOperation[], groupId: string): ScimGroupFields {
  const fields = { ...current, members: [...current.members] };
  for (const operation of operations) {
    for (const expanded of expandPathless(operation)) applyGroupOperation(fields, expanded.op, expanded.path!, expanded.value, groupId);
  }
  return fields;
}

/** Reads the body of a POST or PUT as the group's complete SCIM fields; absent members mean none. */
export function readGroupBody(body: unknown, groupId?: string): ScimGroupFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimRequestError('invalidSyntax', `The body must be a JSON object with schemas ["${SCHEMA_URNS.group}"] and displayName.`);
  }
  if (!Object.keys(body).some((key) => key.toLowerCase() === 'displayname')) {
    throw new ScimRequestError('invalidValue', 'displayName is required.');
  }
  const fields: ScimGroupFields = { displayName: '', externalId: null, members: [] };
  for (const expanded of expandPathless({ op: 'replace', value: body })) {
    if (expanded.path!.attribute === 'id' && groupId === undefined) continue; // The server assigns ids; one sent on create is ignored.
    applyGroupOperation(fields, 'replace', expanded.path!, expanded.value, groupId);
  }
  return fields;
}

/** Validates what Roster stores, naming the attribute to fix. */
export function checkGroupFields(fields: ScimGroupFields): ScimGroupFields {
  const displayName = fields.displayName.trim();
  if (displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    throw new ScimRequestError('invalidValue', `displayName must be 1 to ${MAX_DISPLAY_NAME_LENGTH} characters.`);
  }
  if (fields.externalId !== null && (fields.externalId.length === 0 || fields.externalId.length > 256)) {
    throw new ScimRequestError('invalidValue', 'externalId must be 1 to 256 characters.');
  }
  checkReadableText('displayName', displayName);
  if (fields.externalId !== null) checkReadableText('externalId', fields.externalId);
  return { ...fields, displayName };
}

/** Whether the group is the one the org names as its admin group; names compare without regard to case. */
export function isAdminGroup(displayName: string, adminGroupName: string | undefined): boolean {
  return adminGroupName !== undefined && displayName.trim().toLowerCase() === adminGroupName.trim().toLowerCase();
}
