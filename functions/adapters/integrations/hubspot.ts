import * as z from 'zod';
import type { ActivityRecord, ProviderConnector } from '#domain/backfill';
import type { Credentials } from '#domain/integration-credentials';
import { MAX_PAGES, bearer, providerBaseUrl, providerJson, tooManyPages } from './http.ts';

const ownersPage = z.object({ results: z.array(z.object({ id: z.string().min(1), email: z.string().nullable().optional() })) });

const dealsPage = z.object({
  total: z.number().optional(),
  results: z.array(
    z.object({
      id: z.string().min(1),
      properties: z.object({
        dealname: z.string().nullable().optional(),
        amount: z.string().nullable().optional(),
        dealstage: z.string().nullable().optional(),
        closedate: z.string().nullable().optional(),
        hs_lastmodifieddate: z.string().nullable().optional(),
      }),
      updatedAt: z.string(),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** The search endpoint returns at most 200 results per page. */
const PAGE_SIZE = 100;

/**
 * HubSpot through the CRM v3 API: the owner by email from the owners
 * endpoint, then the deals they own changed since the window start, through
 * the deals search endpoint, following `paging.next.after`.
 */
export function hubspotConnector(credentials: Credentials<'hubspot'>): ProviderConnector {
  const base = providerBaseUrl('hubspot', 'https://api.hubapi.com');
  const authorization = bearer(credentials.accessToken);

  return {
    async findUserId(email) {
      const result = await providerJson(
        { integration: 'hubspot', url: `${base}/crm/v3/owners?email=${encodeURIComponent(email)}&limit=10`, authorization },
        ownersPage,
      );
      return result.results.find((owner) => owner.email?.toLowerCase() === email.toLowerCase())?.id;
    },

    async fetchActivity(ownerId, since) {
      const records: ActivityRecord[] = [];
      let after: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw tooManyPages('hubspot');
        const result = await providerJson(
          {
            integration: 'hubspot',
            url: `${base}/crm/v3/objects/deals/search`,
            method: 'POST',
            authorization,
            body: {
              filterGroups: [
                {
                  filters: [
                    { propertyName: 'hubspot_owner_id', operator: 'EQ', value: ownerId },
                    { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since.getTime()) },
                  ],
                },
              ],
              properties: ['dealname', 'amount', 'dealstage', 'closedate', 'hs_lastmodifieddate'],
              sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
              limit: PAGE_SIZE,
              ...(after === undefined ? {} : { after }),
            },
          },
          dealsPage,
        );
        for (const deal of result.results) {
          const amount = deal.properties.amount ? Number(deal.properties.amount) : null;
          records.push({
            kind: 'deal',
            externalId: deal.id,
            name: deal.properties.dealname ?? '',
            amount: amount !== null && Number.isFinite(amount) ? amount : null,
            stage: deal.properties.dealstage ?? '',
            closeDate: deal.properties.closedate ?? null,
            updatedAt: deal.properties.hs_lastmodifieddate ?? deal.updatedAt,
          });
        }
        after = result.paging?.next?.after;
        if (after === undefined) return records;
      }
    },
  };
}
