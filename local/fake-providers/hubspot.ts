import { FakeProviderState, recordsSince, stableId } from './state.ts';
import type { FakeProvider } from './server.ts';

const PAGE_SIZE = 2;

interface SearchBody {
  filterGroups?: { filters?: { propertyName: string; operator: string; value: string }[] }[];
  after?: string;
}

/** Fake HubSpot CRM v3 API: owners by email and the deals search endpoint, paged with `after`. */
export function fakeHubspot(accessToken: string): FakeProvider {
  const state = new FakeProviderState((email) => String(parseInt(stableId('', email, 8), 16)));
  return {
    integration: 'hubspot',
    state,
    authorization: `Bearer ${accessToken}`,
    async route(request) {
      const path = request.url.pathname;
      if (request.method === 'GET' && path === '/crm/v3/owners') {
        const email = request.url.searchParams.get('email');
        const owners = email ? [state.userByEmail(email)].filter((user) => user !== undefined) : state.users();
        return {
          status: 200,
          body: { results: owners.map((owner) => ({ id: owner.id, email: owner.email, type: 'PERSON', userId: Number(owner.id), archived: false })) },
        };
      }
      if (request.method === 'POST' && path === '/crm/v3/objects/deals/search') {
        const body = (request.body ?? {}) as SearchBody;
        const filters = body.filterGroups?.[0]?.filters ?? [];
        const ownerId = filters.find((filter) => filter.propertyName === 'hubspot_owner_id' && filter.operator === 'EQ')?.value;
        const since = filters.find((filter) => filter.propertyName === 'hs_lastmodifieddate' && filter.operator === 'GTE')?.value;
        if (!ownerId || !since) return { status: 400, body: { status: 'error', message: 'The fake needs hubspot_owner_id EQ and hs_lastmodifieddate GTE filters.' } };
        const user = state.userById(ownerId);
        if (!user) return { status: 200, body: { total: 0, results: [] } };
        const fault = await state.beforeData(user);
        if (fault) return fault;
        const all = recordsSince(user, Number(since));
        const offset = Number(body.after ?? 0);
        const next = offset + PAGE_SIZE;
        return {
          status: 200,
          body: {
            total: all.length,
            results: all.slice(offset, next).map((deal) => ({
              id: deal.id,
              properties: { dealname: deal.title, amount: String(deal.amount), dealstage: deal.stage.toLowerCase(), closedate: `${deal.closeDate}T00:00:00Z`, hs_lastmodifieddate: deal.at },
              createdAt: deal.at,
              updatedAt: deal.at,
              archived: false,
            })),
            ...(next < all.length ? { paging: { next: { after: String(next) } } } : {}),
          },
        };
      }
      return undefined;
    },
  };
}
