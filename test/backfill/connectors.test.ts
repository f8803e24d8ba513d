import { describe, expect, it } from 'vitest';
import { gongConnector } from '../../functions/adapters/integrations/gong.ts';
import { hubspotConnector } from '../../functions/adapters/integrations/hubspot.ts';
import { salesforceConnector } from '../../functions/adapters/integrations/salesforce.ts';
import { salesloftConnector } from '../../functions/adapters/integrations/salesloft.ts';
import { BACKFILL_WINDOW_DAYS, BackfillError, type ProviderConnector } from '../../functions/domain/backfill.ts';
import type { Integration } from '../../functions/domain/integrations.ts';
import { FAKE_CREDENTIALS, fakeControl, seededEmail } from './support.ts';

const CONNECTORS: [Integration, ProviderConnector, ProviderConnector, string][] = [
  ['salesforce', salesforceConnector(FAKE_CREDENTIALS.salesforce), salesforceConnector({ ...FAKE_CREDENTIALS.salesforce, accessToken: 'wrong' }), 'deal'],
  ['hubspot', hubspotConnector(FAKE_CREDENTIALS.hubspot), hubspotConnector({ accessToken: 'wrong' }), 'deal'],
  ['gong', gongConnector(FAKE_CREDENTIALS.gong), gongConnector({ ...FAKE_CREDENTIALS.gong, accessKeySecret: 'wrong' }), 'call'],
  ['salesloft', salesloftConnector(FAKE_CREDENTIALS.salesloft), salesloftConnector({ apiKey: 'wrong' }), 'call'],
];

const windowStart = () => new Date(Date.now() - BACKFILL_WINDOW_DAYS * 86_400_000);

async function failure(promise: Promise<unknown>): Promise<BackfillError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BackfillError);
  return error as BackfillError;
}

describe.each(CONNECTORS)('%s connector', (integration, connector, badCredentials, kind) => {
  it('follows every page of the last 30 days', async () => {
    const email = await seededEmail(`${integration}-pages`, 5);
    const id = await connector.findUserId(email);
    expect(id).toBeDefined();
    const records = await connector.fetchActivity(id!, windowStart());
    expect(records).toHaveLength(5);
    expect(new Set(records.map((record) => record.externalId)).size).toBe(5);
    expect(records.every((record) => record.kind === kind)).toBe(true);
    expect(records.some((record) => JSON.stringify(record).includes('Old'))).toBe(false);
    const counts = await fakeControl(integration, 'GET', `requests?email=${encodeURIComponent(email)}`);
    expect(counts.dataRequests).toBe(3);
  });

  it('finds the user by email ignoring case', async () => {
    const email = await seededEmail(`${integration}-case`);
    expect(await connector.findUserId(email.toUpperCase())).toBe(await connector.findUserId(email));
  });

  it('waits out a 429 and then succeeds', async () => {
    const email = await seededEmail(`${integration}-429`, 1);
    const id = (await connector.findUserId(email))!;
    await fakeControl(integration, 'POST', 'faults', { email, fault: 429, times: 1 });
    const records = await connector.fetchActivity(id, windowStart());
    expect(records).toHaveLength(1);
    const counts = await fakeControl(integration, 'GET', `requests?email=${encodeURIComponent(email)}`);
    expect(counts.dataRequests).toBe(2);
  });

  it('reports rejected credentials', async () => {
    const error = await failure(badCredentials.findUserId('ann@example.com'));
    expect(error.reason).toBe('provider_auth_failed');
  });

  it('returns undefined for a user the provider lacks', async () => {
    expect(await connector.findUserId('missing-user@example.com')).toBeUndefined();
  });

  it('rejects a malformed response', async () => {
    const email = await seededEmail(`${integration}-malformed`, 1);
    const id = (await connector.findUserId(email))!;
    await fakeControl(integration, 'POST', 'faults', { email, fault: 'malformed', times: 1 });
    const error = await failure(connector.fetchActivity(id, windowStart()));
    expect(error.reason).toBe('provider_response_invalid');
  });

  it('reports an outage as unavailable', async () => {
    const email = await seededEmail(`${integration}-outage`, 1);
    const id = (await connector.findUserId(email))!;
    await fakeControl(integration, 'POST', 'faults', { email, fault: 500, times: 1 });
    const error = await failure(connector.fetchActivity(id, windowStart()));
    expect(error.reason).toBe('provider_unavailable');
  });
});

describe('salesforce connector', () => {
  it('escapes quotes in the email', async () => {
    const email = `o'neil-${Date.now()}@example.com`;
    await fakeControl('salesforce', 'PUT', 'users', { email, records: 1 });
    const connector = salesforceConnector(FAKE_CREDENTIALS.salesforce);
    expect(await connector.findUserId(email)).toBeDefined();
  });
});
