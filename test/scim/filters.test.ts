import { beforeAll, describe, expect, it } from 'vitest';
import { type ScimTestOrg, createScimOrg, createScimUser, patchOp, scimError } from './client.ts';

/** Three users plus the org's first admin; Bea is suspended. */
let org: ScimTestOrg;
let ids: Record<string, string>;

beforeAll(async () => {
  org = await createScimOrg();
  const ann = await createScimUser(org.scim, 'ann.lee', { externalId: 'ext-Ann', name: { givenName: 'Ann', familyName: 'Lee' } });
  const bea = await createScimUser(org.scim, 'bea.kim', { externalId: 'ext-bea', name: { givenName: 'Bea', familyName: 'Kim' } });
  const cy = await createScimUser(org.scim, 'cy.lee', { name: { givenName: 'Cy', familyName: 'Lee' } });
  await org.scim.patch(`/Users/${bea.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
  ids = { ann: ann.id, bea: bea.id, cy: cy.id };
});

async function filtered(filter: string, encode: 'percent' | 'plus' = 'percent') {
  const encoded = encode === 'percent' ? encodeURIComponent(filter) : encodeURIComponent(filter).replaceAll('%20', '+');
  const response = await org.scim.get(`/Users?filter=${encoded}`);
  expect(response.status, response.text).toBe(200);
  return response.body.Resources.map((user: { userName: string }) => user.userName.split('@')[0]).sort();
}

describe('SCIM user filters', () => {
  const cases: [string, string[]][] = [
    ['userName eq "ann.lee@example.com"', ['ann.lee']],
    ['USERNAME EQ "ANN.LEE@EXAMPLE.COM"', ['ann.lee']],
    ['userName eq ann.lee@example.com', ['ann.lee']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "cy.lee@example.com"', ['cy.lee']],
    ['externalId eq "ext-Ann"', ['ann.lee']],
    ['externalId eq "EXT-ANN"', []],
    ['emails.value eq "bea.kim@example.com"', ['bea.kim']],
    ['emails[type eq "work"].value eq "bea.kim@example.com"', ['bea.kim']],
    ['emails eq "cy.lee@example.com"', ['cy.lee']],
    ['emails[type eq "work" and value co "lee"]', ['ann.lee', 'cy.lee']],
    ['userName eq "nobody@example.com"', []],
    ['userName ne "ann.lee@example.com" and name.familyName eq "Lee"', ['cy.lee']],
    ['name.familyName eq "lee"', ['ann.lee', 'cy.lee']],
    ['name.familyName co "ee"', ['ann.lee', 'cy.lee']],
    ['userName sw "b"', ['bea.kim']],
    ['userName ew "lee@example.com"', ['ann.lee', 'cy.lee']],
    ['externalId pr', ['ann.lee', 'bea.kim']],
    ['not (externalId pr) and name.familyName eq "Lee"', ['cy.lee']],
    ['displayName eq "Bea Kim"', ['bea.kim']],
    ['active eq false', ['bea.kim']],
    ['(userName eq "ann.lee@example.com" or userName eq "cy.lee@example.com") and active eq true', ['ann.lee', 'cy.lee']],
    ['userName eq "ann.lee@example.com" or externalId eq "ext-bea"', ['ann.lee', 'bea.kim']],
    ['meta.created gt "2000-01-01T00:00:00Z" and name.familyName eq "Kim"', ['bea.kim']],
    ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
    ['meta.created ge "2000-01-01T00:00:00Z" and meta.created le "2999-01-01T00:00:00Z" and name.givenName eq "Cy"', ['cy.lee']],
  ];
  it.each(cases)('%s', async (filter, expected) => {
    expect(await filtered(filter)).toEqual(expected);
  });

  it('reads + as a space', async () => {
    expect(await filtered('userName eq "ann.lee@example.com"', 'plus')).toEqual(['ann.lee']);
  });

  it('returns the full resource with totals for a key lookup', async () => {
    const response = await org.scim.get(`/Users?filter=${encodeURIComponent('userName eq "bea.kim@example.com"')}`);
    expect(response.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(response.body.Resources[0]).toMatchObject({ id: ids.bea, active: false, externalId: 'ext-bea' });
  });

  const invalid = [
    'userName eq',
    'userName xx "a"',
    '(userName eq "a"',
    'userName eq "unterminated',
    'title eq "x"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
    'active gt true',
    'meta.created gt "yesterday"',
    'userName eq "a" extra',
  ];
  it.each(invalid)('rejects %s with invalidFilter', async (filter) => {
    const response = await org.scim.get(`/Users?filter=${encodeURIComponent(filter)}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(scimError(400, 'invalidFilter'));
  });
});

describe('SCIM key lookups', () => {
  it('finds a user by id', async () => {
    expect(await filtered(`id eq "${ids.cy}"`)).toEqual(['cy.lee']);
  });

  it('returns nothing for a value too long to be stored', async () => {
    expect(await filtered(`userName eq "${'x'.repeat(2000)}@example.com"`)).toEqual([]);
    expect(await filtered(`externalId eq "${'x'.repeat(2000)}"`)).toEqual([]);
    expect(await filtered(`id eq "${'X'.repeat(2000)}"`)).toEqual([]);
  });
});
