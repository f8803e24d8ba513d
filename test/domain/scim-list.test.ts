import { describe, expect, it } from 'vitest';
import { listResponse, projectAttributes, readPaging } from '../../functions/domain/scim/list.ts';

describe('readPaging', () => {
  it.each([
    [undefined, undefined, { startIndex: 1, count: 100 }],
    ['0', '5', { startIndex: 1, count: 5 }],
    ['-3', '-1', { startIndex: 1, count: 0 }],
    ['7', '100000', { startIndex: 7, count: 200 }],
    [' 2 ', '', { startIndex: 2, count: 100 }],
  ])('reads startIndex %j and count %j', (startIndex, count, expected) => {
    expect(readPaging(startIndex, count)).toEqual(expected);
  });

  it('rejects a non-numeric count with invalidValue', () => {
    expect(() => readPaging('1', '1.5')).toThrow(expect.objectContaining({ scimType: 'invalidValue' }));
  });
});

describe('listResponse', () => {
  it('counts what it returns and what matched', () => {
    expect(listResponse(['a', 'b', 'c'], { startIndex: 2, count: 5 })).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 3,
      startIndex: 2,
      itemsPerPage: 2,
      Resources: ['b', 'c'],
    });
  });
});

describe('projectAttributes', () => {
  const resource = { schemas: ['s'], id: '1', userName: 'u', name: { givenName: 'g', familyName: 'f' }, meta: { version: 'v' } };

  it('keeps id and schemas with attributes', () => {
    expect(projectAttributes(resource, 'USERNAME,urn:ietf:params:scim:schemas:core:2.0:User:name.givenName')).toEqual({
      schemas: ['s'],
      id: '1',
      userName: 'u',
      name: { givenName: 'g' },
    });
  });

  it('drops excluded attributes but never id', () => {
    expect(projectAttributes(resource, undefined, 'meta,id,name.familyName')).toEqual({ schemas: ['s'], id: '1', userName: 'u', name: { givenName: 'g' } });
  });
});
