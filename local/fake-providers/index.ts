import type { Server } from 'node:http';
import { providerUrlVariable } from '../../functions/adapters/integrations/http.ts';
import type { Integration } from '../../functions/domain/integrations.ts';
import { freePort } from '../ports.ts';
import { fakeGong } from './gong.ts';
import { fakeHubspot } from './hubspot.ts';
import { fakeSalesforce } from './salesforce.ts';
import { fakeSalesloft } from './salesloft.ts';
import { type FakeProvider, startFakeProvider } from './server.ts';

/**
 * Credentials the fake providers accept; connect each integration with these
 * locally. The Salesforce instance URL must look like a real one, and
 * ROSTER_PROVIDER_URL_SALESFORCE sends the requests to the fake instead.
 */
export const FAKE_CREDENTIALS = {
  salesforce: { instanceUrl: 'https://example.my.salesforce.com', accessToken: 'fake-salesforce-token' },
  hubspot: { accessToken: 'fake-hubspot-token' },
  gong: { accessKey: 'fake-gong-key', accessKeySecret: 'fake-gong-secret' },
  salesloft: { apiKey: 'fake-salesloft-key' },
} as const;

export interface FakeProviders {
  urls: Record<Integration, string>;
  /** ROSTER_PROVIDER_URL_<INTEGRATION> for each fake, for the connectors to read. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts one fake server per provider on 127.0.0.1; ports default to free ones. */
export async function startFakeProviders(ports: Partial<Record<Integration, number>> = {}): Promise<FakeProviders> {
  const providers: FakeProvider[] = [
    fakeSalesforce(FAKE_CREDENTIALS.salesforce.accessToken),
    fakeHubspot(FAKE_CREDENTIALS.hubspot.accessToken),
    fakeGong(FAKE_CREDENTIALS.gong.accessKey, FAKE_CREDENTIALS.gong.accessKeySecret),
    fakeSalesloft(FAKE_CREDENTIALS.salesloft.apiKey),
  ];
  const servers: Server[] = [];
  const urls = {} as Record<Integration, string>;
  const env: Record<string, string> = {};
  try {
    for (const provider of providers) {
      const port = ports[provider.integration] ?? (await freePort());
      servers.push(await startFakeProvider(provider, port));
      urls[provider.integration] = `http://127.0.0.1:${port}`;
      env[providerUrlVariable(provider.integration)] = urls[provider.integration];
    }
  } catch (error) {
    await Promise.all(servers.map((server) => closeServer(server)));
    throw error;
  }
  return { urls, env, stop: async () => void (await Promise.all(servers.map((server) => closeServer(server)))) };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
