import { describe, expect, it } from 'vitest';
import { ScimRequestError } from '../../functions/domain/scim/errors.ts';
import { checkFilterAttributes, findKeyLookup, matches, parseFilter, parsePath } from '../../functions/domain/scim/filter.ts';
import { USER_FILTER_ATTRIBUTES, USER_KEY_ATTRIBUTES } from '../../functions/domain/scim/users.ts';

const ann = {
  id: 'ID1',
  userName: 'Ann@Example.com',
  externalId: 'E1',
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [{ value: 'Ann@Example.com', type: 'work', primary: true }],
  active: true,
  meta: { created: '2026-01-02T03:04:05.000Z', lastModified: '2026-02-01T00:00:00.000Z' },
};

const holds = (filter: string) => matches(parseFilter(filter), ann, USER_FILTER_ATTRIBUTES);

describe('parseFilter', () => {
  it('binds and tighter than or', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toMatchObject({ type: 'or', right: { type: 'and' } });
  });

  it('reads a value path with a sub-attribute', () => {
    expect(parseFilter('emails[type eq "work"].value eq "x"')).toMatchObject({
      type: 'compare',
      path: { attribute: 'emails', subAttribute: 'value', valueFilter: { type: 'compare', operator: 'eq', value: 'work' } },
      value: 'x',
    });
  });

  it('decodes JSON escapes in strings', () => {
    expect(parseFilter('userName eq "a\\"b"')).toMatchObject({ value: 'a"b' });
  });

  it('strips the core schema URN despite its dots', () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName pr')).toMatchObject({
      type: 'present',
      path: { schema: 'core', attribute: 'name', subAttribute: 'familyname' },
    });
  });

  it('rejects deep nesting', () => {
    expect(() => parseFilter(`${'('.repeat(1000)}a eq 1${')'.repeat(1000)}`)).toThrow(/nests deeper than 32 levels/);
    expect(() => parseFilter(`${'a['.repeat(100)}b eq 1${']'.repeat(100)}`)).toThrow(ScimRequestError);
  });

  it('rejects an overlong filter', () => {
    expect(() => parseFilter(`userName eq "${'a'.repeat(5000)}"`)).toThrow(/longer than 4096 characters/);
  });

  it.each(['', 'userName', 'userName eq', 'not', '(a eq 1', 'a eq 1)', 'a.b.c eq 1'])('rejects %j', (text) => {
    expect(() => parseFilter(text)).toThrow(ScimRequestError);
  });
});

describe('matches', () => {
  it.each([
    ['userName eq "ann@example.com"', true],
    ['externalId eq "e1"', false],
    ['emails[type eq "work"].value eq "ann@example.com"', true],
    ['emails[type eq "home"].value eq "ann@example.com"', false],
    ['emails[primary eq true]', true],
    ['name.familyName ne "Lee"', false],
    ['not (name.familyName eq "Kim")', true],
    ['meta.created gt "2026-01-01T00:00:00Z"', true],
    ['meta.lastModified le "2026-01-31T23:59:59Z"', false],
    ['active eq true and userName ew ".com"', true],
    ['userName gt "a"', true],
  ])('%s → %s', (filter, expected) => {
    expect(holds(filter)).toBe(expected);
  });

  it('rejects ordering on booleans', () => {
    expect(() => holds('active lt true')).toThrow(/use eq or ne/);
  });
});

describe('checkFilterAttributes', () => {
  it('rejects an attribute Roster cannot filter on', () => {
    expect(() => checkFilterAttributes(parseFilter('title eq "x"'), USER_FILTER_ATTRIBUTES)).toThrow(/Filtering on title is not supported/);
  });

  it('rejects an unknown attribute inside a value filter', () => {
    expect(() => checkFilterAttributes(parseFilter('emails[display eq "x"]'), USER_FILTER_ATTRIBUTES)).toThrow(ScimRequestError);
  });
});

describe('findKeyLookup', () => {
  it.each([
    ['userName eq "a@example.com"', 'username'],
    ['externalId eq "x"', 'externalid'],
    ['emails[type eq "work"].value eq "a@example.com"', 'emails[].value'],
    ['active eq true and emails.value eq "a@example.com"', 'emails.value'],
  ])('uses a key for %s', (filter, attribute) => {
    expect(findKeyLookup(parseFilter(filter), USER_KEY_ATTRIBUTES)?.attribute).toBe(attribute);
  });

  it.each(['userName eq "a" or userName eq "b"', 'userName co "a"', 'not (userName eq "a")', 'name.familyName eq "x"'])('reads the org for %s', (filter) => {
    expect(findKeyLookup(parseFilter(filter), USER_KEY_ATTRIBUTES)).toBeUndefined();
  });
});

describe('parsePath', () => {
  it('reads a filtered member path', () => {
    expect(parsePath('members[value eq "U1"]')).toMatchObject({ attribute: 'members', valueFilter: { value: 'U1' } });
  });

  it('rejects a broken path with invalidPath', () => {
    expect(() => parsePath('members[value eq "U1"')).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });
});
