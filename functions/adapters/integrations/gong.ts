import * as z from 'zod';
import type { ActivityRecord, ProviderConnector } from '#domain/backfill';
import type { Credentials } from '#domain/integration-credentials';
import { MAX_PAGES, providerBaseUrl, providerJson, tooManyPages } from './http.ts';

const records = z.object({ cursor: z.string().optional() });
const usersPage = z.object({ records, users: z.array(z.object({ id: z.string().min(1), emailAddress: z.string().nullable().optional() })) });
const callsPage = z.object({
  records,
  calls: z.array(
    z.object({
      metaData: z.object({ id: z.string().min(1), title: z.string().nullable().optional(), started: z.string(), duration: z.number().nullable().optional() }),
    }),
  ),
});

/**
 * Gong through API v2: the user by email from the users list, because Gong has
 * no email filter, then the calls they hosted since the window start, through
 * the calls/extensive endpoint filtered by primary user. Both listings follow `records.cursor`.
 */
export function gongConnector(credentials: Credentials<'gong'>): ProviderConnector {
  const base = providerBaseUrl('gong', 'https://api.gong.io');
  const authorization = `Basic ${Buffer.from(`${credentials.accessKey}:${credentials.accessKeySecret}`).toString('base64')}`;

  return {
    async findUserId(email) {
      let cursor: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw tooManyPages('gong');
        const url = `${base}/v2/users${cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`}`;
        const result = await providerJson({ integration: 'gong', url, authorization, notFoundAs: { records: {}, users: [] } }, usersPage);
        const match = result.users.find((user) => user.emailAddress?.toLowerCase() === email.toLowerCase());
        if (match) return match.id;
        cursor = result.records.cursor;
        if (cursor === undefined) return undefined;
      }
    },

    async fetchActivity(userId, since) {
      const found: ActivityRecord[] = [];
      let cursor: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw tooManyPages('gong');
        const result = await providerJson(
          {
            integration: 'gong',
            url: `${base}/v2/calls/extensive`,
            method: 'POST',
            authorization,
            body: { filter: { fromDateTime: since.toISOString(), primaryUserIds: [userId] }, ...(cursor === undefined ? {} : { cursor }) },
            notFoundAs: { records: {}, calls: [] },
          },
          callsPage,
        );
        for (const { metaData } of result.calls) {
          found.push({ kind: 'call', externalId: metaData.id, title: metaData.title ?? '', startedAt: metaData.started, durationSeconds: metaData.duration ?? null });
        }
        cursor = result.records.cursor;
        if (cursor === undefined) return found;
      }
    },
  };
}
