import * as z from 'zod';
import type { ActivityRecord, ProviderConnector } from '#domain/backfill';
import type { Credentials } from '#domain/integration-credentials';
import { MAX_PAGES, bearer, providerBaseUrl, providerJson, tooManyPages } from './http.ts';

const paging = z.object({ paging: z.object({ next_page: z.number().int().positive().nullable() }) });
const usersPage = z.object({ metadata: paging, data: z.array(z.object({ guid: z.string().min(1), email: z.string().nullable().optional() })) });
const callsPage = z.object({
  metadata: paging,
  data: z.array(
    z.object({
      id: z.number().int(),
      to: z.string().nullable().optional(),
      disposition: z.string().nullable().optional(),
      duration: z.number().nullable().optional(),
      created_at: z.string(),
    }),
  ),
});

const PAGE_SIZE = 100;

/**
 * Salesloft through API v2: the user by email from the users list, then the
 * calls they made since the window start, from the call activities filtered by
 * `user_guid`. Both listings follow `metadata.paging.next_page`.
 */
export function salesloftConnector(credentials: Credentials<'salesloft'>): ProviderConnector {
  const base = providerBaseUrl('salesloft', 'https://api.salesloft.com');
  const authorization = bearer(credentials.apiKey);

  return {
    async findUserId(email) {
      for (let page: number | null = 1, count = 0; page !== null; count++) {
        if (count >= MAX_PAGES) throw tooManyPages('salesloft');
        const result: z.infer<typeof usersPage> = await providerJson({ integration: 'salesloft', url: `${base}/v2/users?per_page=${PAGE_SIZE}&page=${page}`, authorization }, usersPage);
        const match = result.data.find((user) => user.email?.toLowerCase() === email.toLowerCase());
        if (match) return match.guid;
        page = result.metadata.paging.next_page;
      }
      return undefined;
    },

    async fetchActivity(userGuid, since) {
      const found: ActivityRecord[] = [];
      for (let page: number | null = 1, count = 0; page !== null; count++) {
        if (count >= MAX_PAGES) throw tooManyPages('salesloft');
        const query: URLSearchParams = new URLSearchParams({ user_guid: userGuid, 'created_at[gte]': since.toISOString(), per_page: String(PAGE_SIZE), page: String(page) });
        const result: z.infer<typeof callsPage> = await providerJson({ integration: 'salesloft', url: `${base}/v2/activities/calls?${query}`, authorization }, callsPage);
        for (const call of result.data) {
          found.push({
            kind: 'call',
            externalId: String(call.id),
            title: call.disposition ? `Call: ${call.disposition}` : 'Call',
            startedAt: call.created_at,
            durationSeconds: call.duration ?? null,
          });
        }
        page = result.metadata.paging.next_page;
      }
      return found;
    },
  };
}
