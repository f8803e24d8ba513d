import * as z from 'zod';
import type { ActivityRecord, ProviderConnector } from '#domain/backfill';
import type { Credentials } from '#domain/integration-credentials';
import { MAX_PAGES, bearer, providerBaseUrl, providerJson, tooManyPages } from './http.ts';

/** Salesforce REST API version used for every request. */
export const SALESFORCE_API_VERSION = 'v62.0';

const queryResult = <T extends z.ZodType>(record: T) =>
  z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(record) });

const userRecord = z.object({ Id: z.string().min(1) });
const opportunityRecord = z.object({
  Id: z.string().min(1),
  Name: z.string(),
  Amount: z.number().nullable().optional(),
  StageName: z.string(),
  CloseDate: z.string().nullable().optional(),
  LastModifiedDate: z.string(),
});

const opportunitiesPage = queryResult(opportunityRecord);

/** Quotes a value for a SOQL string literal: backslash and single quote are escaped. */
export const soqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** SOQL datetime literals take no milliseconds: 2026-11-04T20:00:00Z. */
const soqlDateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Salesforce through the REST API's query resource: the user by email from
 * the User object, then their opportunities changed since the window start,
 * following `nextRecordsUrl` until `done`.
 */
export function salesforceConnector(credentials: Credentials<'salesforce'>): ProviderConnector {
  const base = providerBaseUrl('salesforce', credentials.instanceUrl);
  const authorization = bearer(credentials.accessToken);
  const queryUrl = (soql: string) => `${base}/services/data/${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent(soql)}`;

  /** Follows a next-records locator only on the instance itself, never to another host. */
  const nextUrl = (locator: string) => {
    const url = new URL(locator, base);
    if (url.origin !== new URL(base).origin) throw new Error(`Salesforce returned a nextRecordsUrl on another host: ${url.origin}.`);
    return url.href;
  };

  return {
    async findUserId(email) {
      const result = await providerJson(
        { integration: 'salesforce', url: queryUrl(`SELECT Id FROM User WHERE Email = ${soqlString(email)} AND IsActive = true LIMIT 1`), authorization },
        queryResult(userRecord),
      );
      return result.records[0]?.Id;
    },

    async fetchActivity(ownerId, since) {
      const soql =
        'SELECT Id, Name, Amount, StageName, CloseDate, LastModifiedDate FROM Opportunity ' +
        `WHERE OwnerId = ${soqlString(ownerId)} AND LastModifiedDate >= ${soqlDateTime(since)} ORDER BY LastModifiedDate DESC`;
      const records: ActivityRecord[] = [];
      let url: string | undefined = queryUrl(soql);
      for (let page = 0; url; page++) {
        if (page >= MAX_PAGES) throw tooManyPages('salesforce');
        const result: z.infer<typeof opportunitiesPage> = await providerJson({ integration: 'salesforce', url, authorization }, opportunitiesPage);
        for (const opportunity of result.records) {
          records.push({
            kind: 'deal',
            externalId: opportunity.Id,
            name: opportunity.Name,
            amount: opportunity.Amount ?? null,
            stage: opportunity.StageName,
            closeDate: opportunity.CloseDate ?? null,
            updatedAt: opportunity.LastModifiedDate,
          });
        }
        url = result.done || !result.nextRecordsUrl ? undefined : nextUrl(result.nextRecordsUrl);
      }
      return records;
    },
  };
}
