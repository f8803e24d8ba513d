import type { User } from '../user.ts';
import { ScimRequestError, checkReadableText } from './errors.ts';
import { type AttributePath, type FilterableAttributes, SCHEMA_URNS, matches } from './filter.ts';
import { type PatchOperation, expandPathless, toBoolean, toText } from './patch.ts';

/**
 * The user attributes SCIM can change. Roster keeps one email, which is both
 * `userName` and the primary work entry of `emails`.
 */
export interface ScimUserFields {
  email: string;
  givenName: string;
  familyName: string;
  externalId: string | null;
  active: boolean;
}

export function scimFieldsOf(user: User): ScimUserFields {
  return {
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    externalId: user.externalId ?? null,
    active: user.status === 'active',
  };
}

/** Attributes Roster filters Users on, lower-cased. */
export const USER_FILTER_ATTRIBUTES: FilterableAttributes = {
  names: new Set([
    'id',
    'username',
    'externalid',
    'emails',
    'emails.value',
    'emails.type',
    'emails.primary',
    'name.familyname',
    'name.givenname',
    'name.formatted',
    'displayname',
    'active',
    'meta.created',
    'meta.lastmodified',
  ]),
  caseExact: new Set(['id', 'externalid']),
  dates: new Set(['meta.created', 'meta.lastmodified']),
  valueFilterAttributes: { emails: new Set(['type', 'value', 'primary']) },
};

/** Equality on these reads one item (the user, or its EMAIL# or EXTID# uniqueness item) instead of the org's users. */
export const USER_KEY_ATTRIBUTES = new Set(['id', 'username', 'emails', 'emails.value', 'emails[].value', 'externalid']);

/** Builds the User resource (RFC 7643 section 4.1) of a Roster user. */
export function toScimUser(user: User, baseUrl: string) {
  return {
    schemas: [SCHEMA_URNS.user],
    id: user.userId,
    ...(user.externalId === undefined ? {} : { externalId: user.externalId }),
    userName: user.email,
    name: { givenName: user.givenName, familyName: user.familyName, formatted: `${user.givenName} ${user.familyName}`.trim() },
    displayName: `${user.givenName} ${user.familyName}`.trim(),
    emails: [{ value: user.email, type: 'work', primary: true }],
    active: user.status === 'active',
    meta: {
      resourceType: 'User',
      created: user.createdAt,
      lastModified: user.updatedAt,
      location: `${baseUrl}/Users/${user.userId}`,
      version: `W/"${user.version}"`,
    },
  };
}

/** Attributes that SCIM defines as read-only or that the server assigns; a write that changes `id` is rejected. */
const READ_ONLY = new Set(['meta', 'groups', 'schemas']);

/** The email entry Roster keeps, as a value filter such as `emails[type eq "work"]` evaluates it. */
const storedEmailEntry = (email: string) => ({ value: email, type: 'work', primary: true });

/** Picks the address a client means from an `emails` list: the primary one, else the work one, else the first. */
function chooseEmail(value: unknown): string | undefined {
  const entries = (Array.isArray(value) ? value : [value]).filter((entry) => typeof entry === 'object' && entry !== null) as Record<string, unknown>[];
  const lower = entries.map((entry) => Object.fromEntries(Object.entries(entry).map(([key, v]) => [key.toLowerCase(), v])));
  const chosen =
    lower.find((entry) => entry.primary === true || String(entry.primary).toLowerCase() === 'true') ??
    lower.find((entry) => String(entry.type).toLowerCase() === 'work') ??
    lower[0];
  return typeof chosen?.value === 'string' ? chosen.value : undefined;
}

/**
 * Collects changes while operations apply. `userName` and `emails` both set
 * the one Roster email. When a request sets both, `userName` wins, so Entra's
 * userPrincipalName mapping is not overwritten by its mail attribute.
 */
class UserChanges {
  private emailFromUserName?: string;
  private emailFromEmails?: string;

  constructor(
    private readonly fields: ScimUserFields,
    private readonly userId: string | undefined,
  ) {}

  result(): ScimUserFields {
    return { ...this.fields, email: this.emailFromUserName ?? this.emailFromEmails ?? this.fields.email };
  }

  apply(op: PatchOperation['op'], path: AttributePath, value: unknown): void {
    if (path.schema !== 'core') return; // The enterprise extension and unknown schemas are accepted and ignored.
    // A null value leaves the attribute unassigned, which RFC 7643 treats like a remove.
    const remove = op === 'remove' || value === null;
    switch (path.attribute) {
      case 'username':
        if (remove) throw new ScimRequestError('mutability', 'userName is required and cannot be removed.');
        // userName is single-valued, so a list is rejected rather than unwrapped: which of several addresses was meant is unknowable.
        if (Array.isArray(value)) throw new ScimRequestError('invalidValue', `userName must be a string, the user's email address; got a list ${JSON.stringify(value)}.`);
        this.emailFromUserName = toText(value, 'userName');
        return;
      case 'name':
        this.applyName(path.subAttribute, remove, value);
        return;
      case 'active':
        if (remove) throw new ScimRequestError('mutability', 'active cannot be removed; set it to true or false.');
        this.fields.active = toBoolean(Array.isArray(value) && value.length === 1 ? value[0] : value, 'active');
        return;
      case 'externalid':
        this.fields.externalId = remove ? null : toText(value, 'externalId');
        return;
      case 'emails':
        this.applyEmails(path, remove, value);
        return;
      case 'id':
        if (this.userId !== undefined && !remove && toText(value, 'id') === this.userId) return;
        throw new ScimRequestError('mutability', 'id is read-only; remove it from the request.');
      case 'displayname':
        // Roster derives displayName from the name and does not store it, but hostile text is still rejected, not ignored.
        if (typeof value === 'string') checkReadableText('displayName', value);
        return;
      default:
        // READ_ONLY attributes and those Roster does not store (title, phoneNumbers, …) are ignored.
        if (READ_ONLY.has(path.attribute)) return;
    }
  }

  private applyName(subAttribute: string | undefined, remove: boolean, value: unknown) {
    if (subAttribute === undefined) {
      if (remove) {
        this.fields.givenName = '';
        this.fields.familyName = '';
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScimRequestError('invalidValue', 'name must be an object with givenName and familyName.');
      for (const [key, inner] of Object.entries(value)) this.applyName(key.toLowerCase(), false, inner);
      return;
    }
    if (subAttribute === 'givenname') this.fields.givenName = remove ? '' : toText(value, 'name.givenName');
    if (subAttribute === 'familyname') this.fields.familyName = remove ? '' : toText(value, 'name.familyName');
  }

  private applyEmails(path: AttributePath, remove: boolean, value: unknown) {
    if (path.valueFilter) {
      // Roster keeps one work email. A filter that selects it, or selects the work type, writes it; any other type is not stored.
      const selectsStored = matches(path.valueFilter, storedEmailEntry(this.result().email), EMAIL_ENTRY_FILTER);
      const asksForWork = matches(path.valueFilter, { type: 'work' }, EMAIL_ENTRY_FILTER);
      if (!selectsStored && !asksForWork) return;
      if (path.subAttribute !== undefined && path.subAttribute !== 'value') return;
      if (remove) throw new ScimRequestError('mutability', 'A Roster user must keep their work email; replace it instead of removing it.');
      const email = path.subAttribute === 'value' ? toText(value, 'emails.value') : chooseEmail(value);
      if (email !== undefined) this.emailFromEmails = email;
      return;
    }
    if (path.subAttribute !== undefined && path.subAttribute !== 'value') return;
    if (remove) throw new ScimRequestError('mutability', 'A Roster user must keep their work email; replace it instead of removing it.');
    const email = path.subAttribute === 'value' ? toText(value, 'emails.value') : chooseEmail(value);
    if (email === undefined) throw new ScimRequestError('invalidValue', 'emails must be a list of objects with a string value, such as [{"value":"ann@example.com","type":"work","primary":true}].');
    this.emailFromEmails = email;
  }
}

const EMAIL_ENTRY_FILTER: FilterableAttributes = { names: new Set(['type', 'value', 'primary']), caseExact: new Set(), dates: new Set(), valueFilterAttributes: {} };

/** Applies PATCH operations to a user's SCIM fields and returns the result; the input is not changed. */
export function applyUserPatch(current: ScimUserFields, operations: PatchOperation[], userId: string): ScimUserFields {
  const changes = new UserChanges({ ...current }, userId);
  for (const operation of operations) {
    for (const expanded of expandPathless(operation)) changes.apply(expanded.op, expanded.path!, expanded.value);
  }
  return changes.result();
}

/**
 * Reads the body of a POST or PUT as the user's complete SCIM fields. A
 * missing `externalId` clears it and a missing `active` means true, because
 * PUT replaces the whole resource.
 */
export function readUserBody(body: unknown, userId?: string): ScimUserFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimRequestError('invalidSyntax', `The body must be a JSON object with schemas ["${SCHEMA_URNS.user}"] and userName.`);
  }
  const hasUserName = Object.keys(body).some((key) => key.toLowerCase() === 'username');
  if (!hasUserName) throw new ScimRequestError('invalidValue', 'userName is required: send the user\'s email as userName.');
  const changes = new UserChanges({ email: '', givenName: '', familyName: '', externalId: null, active: true }, userId);
  for (const expanded of expandPathless({ op: 'replace', value: body })) {
    if (expanded.path!.attribute === 'id' && userId === undefined) continue; // A client-sent id on create is ignored; the server assigns ids.
    changes.apply('replace', expanded.path!, expanded.value);
  }
  return changes.result();
}
