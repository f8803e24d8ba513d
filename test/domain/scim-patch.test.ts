import { describe, expect, it } from 'vitest';
import { applyGroupPatch, readGroupBody } from '../../functions/domain/scim/groups.ts';
import { parsePatchBody } from '../../functions/domain/scim/patch.ts';
import { type ScimUserFields, applyUserPatch, readUserBody } from '../../functions/domain/scim/users.ts';

const user: ScimUserFields = { email: 'ann@example.com', givenName: 'Ann', familyName: 'Lee', externalId: 'E1', active: true };
const patchUser = (...operations: unknown[]) => applyUserPatch(user, parsePatchBody({ Operations: operations }), 'U1');
const group = { displayName: 'Sales', externalId: null, members: ['U1', 'U2', 'U3'] };
const patchGroup = (...operations: unknown[]) => applyGroupPatch(group, parsePatchBody({ Operations: operations }), 'G1');

describe('parsePatchBody', () => {
  it('accepts operation names in any case', () => {
    expect(parsePatchBody({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }, { OP: 'ADD', path: 'title', value: 'x' }] }).map((o) => o.op)).toEqual([
      'replace',
      'add',
    ]);
  });

  it.each([
    [{}, 'invalidSyntax'],
    [{ Operations: [] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'move', path: 'a' }] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'remove' }] }, 'noTarget'],
    [{ Operations: [{ op: 'replace', value: 'x' }] }, 'invalidValue'],
    [{ Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }, 'invalidPath'],
  ])('rejects %j with %s', (body, scimType) => {
    expect(() => parsePatchBody(body)).toThrow(expect.objectContaining({ scimType }));
  });
});

describe('applyUserPatch', () => {
  it('reads string booleans', () => {
    expect(patchUser({ op: 'Replace', path: 'active', value: 'False' }).active).toBe(false);
    expect(patchUser({ op: 'replace', value: { active: 'true' } }).active).toBe(true);
  });

  it('reads dotted and schema-qualified keys in a path-less replace', () => {
    const result = patchUser({
      op: 'replace',
      value: { 'name.givenName': 'Anna', 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName': 'Li', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'Sales' },
    });
    expect(result).toMatchObject({ givenName: 'Anna', familyName: 'Li' });
  });

  it('reads a schema-qualified path', () => {
    expect(patchUser({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', value: 'Q' }).givenName).toBe('Q');
  });

  it('treats add on a single-valued attribute as replace', () => {
    expect(patchUser({ op: 'add', path: 'externalId', value: 'E2' }).externalId).toBe('E2');
  });

  it('writes the work email through a value-filtered path', () => {
    expect(patchUser({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }).email).toBe('new@example.com');
  });

  it('ignores emails of other types', () => {
    expect(patchUser({ op: 'add', path: 'emails[type eq "home"].value', value: 'home@example.com' }).email).toBe('ann@example.com');
  });

  it('lets userName win over emails in one request', () => {
    const result = patchUser(
      { op: 'replace', path: 'userName', value: 'upn@example.com' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'mail@example.com' },
    );
    expect(result.email).toBe('upn@example.com');
  });

  it('clears externalId on remove', () => {
    expect(patchUser({ op: 'remove', path: 'externalId' }).externalId).toBeNull();
  });

  it('ignores attributes Roster does not store', () => {
    expect(patchUser({ op: 'add', path: 'phoneNumbers[type eq "work"].value', value: '1' }, { op: 'replace', value: { title: 'x', locale: 'en' } })).toEqual(user);
  });

  it.each([
    [{ op: 'remove', path: 'userName' }, 'mutability'],
    [{ op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
    [{ op: 'replace', path: 'id', value: 'OTHER' }, 'mutability'],
    [{ op: 'remove', path: 'emails' }, 'mutability'],
  ])('rejects %j with %s', (operation, scimType) => {
    expect(() => patchUser(operation)).toThrow(expect.objectContaining({ scimType }));
  });
});

describe('readUserBody', () => {
  it('takes the primary email when userName is the same', () => {
    expect(readUserBody({ userName: 'a@example.com', emails: [{ value: 'b@example.com' }, { value: 'a@example.com', primary: true }] }).email).toBe('a@example.com');
  });

  it('defaults active to true and externalId to none', () => {
    expect(readUserBody({ userName: 'a@example.com' })).toEqual({ email: 'a@example.com', givenName: '', familyName: '', externalId: null, active: true });
  });
});

describe('applyGroupPatch', () => {
  it('adds members in every shape', () => {
    const result = patchGroup(
      { op: 'add', path: 'members', value: [{ value: 'U4', $ref: 'https://x/Users/U4', display: 'd' }] },
      { op: 'Add', path: 'members', value: { value: 'U5' } },
      { op: 'add', value: { members: [{ value: 'U6' }, 'U7'] } },
    );
    expect(result.members).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7']);
  });

  it('removes one member by filter', () => {
    expect(patchGroup({ op: 'remove', path: 'members[value eq "U2"]' }).members).toEqual(['U1', 'U3']);
  });

  it('removes only the listed members by value list', () => {
    expect(patchGroup({ op: 'Remove', path: 'members', value: [{ value: 'U1' }, { value: 'U3' }] }).members).toEqual(['U2']);
  });

  it('adds and removes in one request', () => {
    expect(patchGroup({ op: 'add', path: 'members', value: [{ value: 'U9' }] }, { op: 'remove', path: 'members[value eq "U1"]' }).members).toEqual(['U2', 'U3', 'U9']);
  });

  it('replaces members with a list or with none', () => {
    expect(patchGroup({ op: 'replace', path: 'members', value: [{ value: 'U8' }] }).members).toEqual(['U8']);
    expect(patchGroup({ op: 'replace', path: 'members', value: [] }).members).toEqual([]);
  });

  it('renames with the read-only id in the value', () => {
    expect(patchGroup({ op: 'replace', value: { id: 'G1', displayName: 'Renamed' } }).displayName).toBe('Renamed');
  });

  it('rejects a different id with mutability', () => {
    expect(() => patchGroup({ op: 'replace', value: { id: 'G2', displayName: 'x' } })).toThrow(expect.objectContaining({ scimType: 'mutability' }));
  });

  it('rejects a member without a value', () => {
    expect(() => patchGroup({ op: 'add', path: 'members', value: [{ display: 'x' }] })).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});

describe('readGroupBody', () => {
  it('reads members and requires displayName', () => {
    expect(readGroupBody({ displayName: 'A', members: [{ value: 'U1' }] })).toEqual({ displayName: 'A', externalId: null, members: ['U1'] });
    expect(() => readGroupBody({ members: [] })).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});
