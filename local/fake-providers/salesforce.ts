import { FakeProviderState, recordsSince, stableId } from './state.ts';
import type { FakeProvider } from './server.ts';

/** Records per page; small, so every seeded user's opportunities span several pages. */
const PAGE_SIZE = 2;
const QUERY_PATH = /^\/services\/data\/v\d+\.\d+\/query\/?$/;
const MORE_PATH = /^\/services\/data\/(v\d+\.\d+)\/query\/([\w-]+)$/;

const unescapeSoql = (value: string) => value.replace(/\\(.)/g, '$1');

/** Fake Salesforce REST API: the query resource for User and Opportunity SOQL, with query locators for later pages. */
export function fakeSalesforce(accessToken: string): FakeProvider {
  const state = new FakeProviderState((email) => stableId('005', email, 18));
  const locators = new Map<string, { ownerId: string; since: number; offset: number }>();
  let nextLocator = 1;

  const page = async (version: string, ownerId: string, since: number, offset: number) => {
    const user = state.userById(ownerId);
    if (!user) return { status: 200, body: { totalSize: 0, done: true, records: [] } };
    const fault = await state.beforeData(user);
    if (fault) return fault;
    const all = recordsSince(user, since);
    const slice = all.slice(offset, offset + PAGE_SIZE);
    const done = offset + PAGE_SIZE >= all.length;
    let nextRecordsUrl: string | undefined;
    if (!done) {
      const locator = `01gFAKE${nextLocator++}-${offset + PAGE_SIZE}`;
      locators.set(locator, { ownerId, since, offset: offset + PAGE_SIZE });
      nextRecordsUrl = `/services/data/${version}/query/${locator}`;
    }
    return {
      status: 200,
      body: {
        totalSize: all.length,
        done,
        ...(nextRecordsUrl ? { nextRecordsUrl } : {}),
        records: slice.map((record) => ({
          attributes: { type: 'Opportunity', url: `/services/data/${version}/sobjects/Opportunity/${record.id}` },
          Id: record.id,
          Name: record.title,
          Amount: record.amount,
          StageName: record.stage,
          CloseDate: record.closeDate,
          LastModifiedDate: record.at.replace('Z', '+0000'),
        })),
      },
    };
  };

  return {
    integration: 'salesforce',
    state,
    authorization: `Bearer ${accessToken}`,
    async route(request) {
      if (request.method !== 'GET') return undefined;
      const more = MORE_PATH.exec(request.url.pathname);
      if (more) {
        const found = locators.get(more[2]!);
        if (!found) return { status: 400, body: [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }] };
        return page(more[1]!, found.ownerId, found.since, found.offset);
      }
      if (!QUERY_PATH.test(request.url.pathname)) return undefined;
      const version = request.url.pathname.split('/')[3]!;
      const soql = request.url.searchParams.get('q') ?? '';
      const userQuery = /^SELECT Id FROM User WHERE Email = '((?:[^'\\]|\\.)*)'/i.exec(soql);
      if (userQuery) {
        const user = state.userByEmail(unescapeSoql(userQuery[1]!));
        return { status: 200, body: { totalSize: user ? 1 : 0, done: true, records: user ? [{ attributes: { type: 'User' }, Id: user.id }] : [] } };
      }
      const opportunities = /FROM Opportunity WHERE OwnerId = '((?:[^'\\]|\\.)*)' AND LastModifiedDate >= (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/i.exec(soql);
      if (opportunities) return page(version, unescapeSoql(opportunities[1]!), Date.parse(opportunities[2]!), 0);
      return { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: 'The fake understands only the User and Opportunity queries Roster sends.' }] };
    },
  };
}
