import { FakeProviderState, recordsSince, stableId } from './state.ts';
import type { FakeProvider } from './server.ts';

const CALLS_PAGE_SIZE = 2;
const USERS_PAGE_SIZE = 25;

const paging = (page: number, size: number, total: number) => ({
  filtering: {},
  sorting: {},
  paging: { per_page: size, current_page: page, next_page: page * size < total ? page + 1 : null, prev_page: page > 1 ? page - 1 : null },
});

/** Fake Salesloft API v2: the users list and call activities filtered by `user_guid`, paged with `metadata.paging.next_page`. */
export function fakeSalesloft(apiKey: string): FakeProvider {
  const state = new FakeProviderState((email) => `${stableId('', email, 8)}-fake-guid`);
  let callIds = 0;
  const numericIds = new Map<string, number>();
  const numericId = (id: string) => {
    if (!numericIds.has(id)) numericIds.set(id, ++callIds);
    return numericIds.get(id)!;
  };
  return {
    integration: 'salesloft',
    state,
    authorization: `Bearer ${apiKey}`,
    async route(request) {
      if (request.method !== 'GET') return undefined;
      const path = request.url.pathname;
      const page = Math.max(1, Number(request.url.searchParams.get('page') ?? 1) || 1);
      if (path === '/v2/users') {
        const all = state.users();
        const slice = all.slice((page - 1) * USERS_PAGE_SIZE, page * USERS_PAGE_SIZE);
        return {
          status: 200,
          body: { metadata: paging(page, USERS_PAGE_SIZE, all.length), data: slice.map((user) => ({ id: numericId(user.id), guid: user.id, email: user.email, name: 'Fake User' })) },
        };
      }
      if (path === '/v2/activities/calls') {
        const guid = request.url.searchParams.get('user_guid');
        const since = request.url.searchParams.get('created_at[gte]');
        if (!guid || !since) return { status: 422, body: { error: 'The fake needs user_guid and created_at[gte].' } };
        const user = state.userById(guid);
        if (!user) return { status: 200, body: { metadata: paging(page, CALLS_PAGE_SIZE, 0), data: [] } };
        const fault = await state.beforeData(user);
        if (fault) return fault;
        const all = recordsSince(user, Date.parse(since));
        const slice = all.slice((page - 1) * CALLS_PAGE_SIZE, page * CALLS_PAGE_SIZE);
        return {
          status: 200,
          body: {
            metadata: paging(page, CALLS_PAGE_SIZE, all.length),
            data: slice.map((call) => ({
              id: numericId(call.id),
              to: '+15555550100',
              duration: call.durationSeconds,
              disposition: 'Connected',
              sentiment: 'Positive',
              created_at: call.at,
              updated_at: call.at,
              user: { _href: 'fake', id: numericId(user.id) },
            })),
          },
        };
      }
      return undefined;
    },
  };
}
