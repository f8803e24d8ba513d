import { FakeProviderState, recordsSince, stableId } from './state.ts';
import type { FakeProvider } from './server.ts';

const CALLS_PAGE_SIZE = 2;
const USERS_PAGE_SIZE = 25;

const cursorOf = (offset: number) => Buffer.from(String(offset)).toString('base64url');
const offsetOf = (cursor: string | null | undefined) => (cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0 : 0);

/** Fake Gong API v2: the users list and calls/extensive filtered by primary user, both paged with `records.cursor`. */
export function fakeGong(accessKey: string, accessKeySecret: string): FakeProvider {
  const state = new FakeProviderState((email) => String(BigInt(`0x${stableId('', email, 15)}`)));
  const records = (total: number, offset: number, size: number, pageNumber: number) => ({
    totalRecords: total,
    currentPageSize: size,
    currentPageNumber: pageNumber,
  });
  return {
    integration: 'gong',
    state,
    authorization: `Basic ${Buffer.from(`${accessKey}:${accessKeySecret}`).toString('base64')}`,
    async route(request) {
      const path = request.url.pathname;
      if (request.method === 'GET' && path === '/v2/users') {
        const all = state.users();
        const offset = offsetOf(request.url.searchParams.get('cursor'));
        const page = all.slice(offset, offset + USERS_PAGE_SIZE);
        const next = offset + USERS_PAGE_SIZE;
        return {
          status: 200,
          body: {
            requestId: 'fake',
            records: { ...records(all.length, offset, page.length, offset / USERS_PAGE_SIZE), ...(next < all.length ? { cursor: cursorOf(next) } : {}) },
            users: page.map((user) => ({ id: user.id, emailAddress: user.email, active: true, firstName: 'Fake', lastName: 'User' })),
          },
        };
      }
      if (request.method === 'POST' && path === '/v2/calls/extensive') {
        const body = (request.body ?? {}) as { filter?: { fromDateTime?: string; primaryUserIds?: string[] }; cursor?: string };
        const userId = body.filter?.primaryUserIds?.[0];
        const since = body.filter?.fromDateTime;
        if (!userId || !since) return { status: 400, body: { requestId: 'fake', errors: ['The fake needs filter.primaryUserIds and filter.fromDateTime.'] } };
        const user = state.userById(userId);
        const all = user ? recordsSince(user, Date.parse(since)) : [];
        if (!user || all.length === 0) return { status: 404, body: { requestId: 'fake', errors: ['No calls found corresponding to the provided filters'] } };
        const fault = await state.beforeData(user);
        if (fault) return fault;
        const offset = offsetOf(body.cursor);
        const page = all.slice(offset, offset + CALLS_PAGE_SIZE);
        const next = offset + CALLS_PAGE_SIZE;
        return {
          status: 200,
          body: {
            requestId: 'fake',
            records: { ...records(all.length, offset, page.length, offset / CALLS_PAGE_SIZE), ...(next < all.length ? { cursor: cursorOf(next) } : {}) },
            calls: page.map((call) => ({
              metaData: { id: call.id, title: call.title, started: call.at, duration: call.durationSeconds, primaryUserId: user.id, direction: 'Conference', scope: 'External' },
            })),
          },
        };
      }
      return undefined;
    },
  };
}
