import { parseArgs } from 'node:util';
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from './stack.ts';
import { startHttpFront } from './http-front.ts';
import { startLocalOidcIssuer } from './oidc-issuer.ts';
import { STATE_DIR, readState, writeState } from './state.ts';

const HELP = `Usage: npm start [-- --in-memory]

Starts DynamoDB Local, the SQS and SES emulators and the API on 127.0.0.1,
creates the table and queues, and a demo org on first start.

  --in-memory   keep DynamoDB data in memory only (nothing survives a restart)

Ports: PORT (API, default 3000), ROSTER_DYNAMODB_PORT (8000),
ROSTER_SQS_PORT (9324), ROSTER_SES_PORT (8005), ROSTER_OIDC_PORT (local OIDC
issuer; default: a free port), ROSTER_FAKE_PROVIDERS_PORT (first of four
consecutive ports for the fake Salesforce, HubSpot, Gong and Salesloft servers;
default: free ports).`;

const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const port = (name: string, fallback: number, min = 1) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > 65535) {
    console.error(`${name}=${process.env[name]} is not a valid port; use a whole number from 1 to 65535.`);
    process.exit(1);
  }
  return value;
};

const apiPort = port('PORT', 3000);

/** Ports of the fake providers: four consecutive ones from ROSTER_FAKE_PROVIDERS_PORT, or free ones when it is unset. */
function fakeProviderPorts() {
  if (!process.env.ROSTER_FAKE_PROVIDERS_PORT) return {};
  const first = port('ROSTER_FAKE_PROVIDERS_PORT', 0);
  return { salesforce: first, hubspot: first + 1, gong: first + 2, salesloft: first + 3 };
}
const inMemory = values['in-memory'];

async function main() {
  const stack = await startLocalStack({
    stateDir: STATE_DIR,
    inMemory,
    ports: { dynamodb: port('ROSTER_DYNAMODB_PORT', 8000), sqs: port('ROSTER_SQS_PORT', 9324), ses: port('ROSTER_SES_PORT', 8005) },
  });
  const stopping: (() => Promise<unknown>)[] = [stack.stop];
  const shutdown = async (signal: string) => {
    console.log(`\n${signal} received, stopping the local stack…`);
    for (const stop of stopping.reverse()) await stop().catch((error) => console.error(error));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const { startFakeProviders } = await import('./fake-providers/index.ts');
    const fakes = await startFakeProviders(fakeProviderPorts());
    stopping.push(fakes.stop);
    Object.assign(process.env, fakes.env);
    Object.assign(stack.env, fakes.env);
    // The handlers accept access tokens from this issuer; `npm run mint-token` signs them.
    const oidc = await startLocalOidcIssuer({ port: port('ROSTER_OIDC_PORT', 0, 0), stateDir: STATE_DIR });
    stopping.push(oidc.stop);
    Object.assign(process.env, oidc.env);
    Object.assign(stack.env, oidc.env);

    const demo = await ensureDemoOrg(inMemory);
    const server = await startHttpFront({
      port: apiPort,
      onRequest: ({ method, path, status, durationMs }) => console.log(`${method} ${path} → ${status} in ${durationMs.toFixed(1)} ms`),
    });
    stopping.push(() => new Promise((resolve) => server.close(resolve)));
    const { startQueuePollers } = await import('./pollers.ts');
    const pollers = startQueuePollers(stack.queueUrls, {
      onBatch: ({ handler, received, failed, error }) => {
        if (error) console.error(`${handler}: batch of ${received} failed:`, error);
        else if (received > 0) console.log(`${handler}: processed ${received - failed} of ${received} messages${failed ? `, ${failed} to retry` : ''}`);
      },
    });
    stopping.push(pollers.stop);

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await writeState({ apiUrl, sesMailboxUrl: stack.endpoints.ses, env: stack.env, demo, oidc: { issuer: oidc.issuer, audience: oidc.audience } });
    console.log(`
Roster is running locally.
  API base URL   ${apiUrl}
  Demo org id    ${demo.orgId}
  Admin email    ${demo.adminEmail}
  Admin token    ${demo.adminToken}
  Sent email     ${stack.endpoints.ses}  (the SES emulator's page of sent mail)
  DynamoDB Local ${stack.endpoints.dynamodb}  (listens on all interfaces: it has no option to bind one address)
  SQS emulator   ${stack.endpoints.sqs}
  Fake providers ${Object.entries(fakes.urls).map(([name, url]) => `${name} ${url}`).join(', ')}
  OIDC issuer    ${oidc.issuer}  (npm run mint-token -- --email ${demo.adminEmail})
  Data           ${inMemory ? 'in memory, gone on exit' : `${STATE_DIR}/dynamodb`}
The token and endpoints are also in .roster/local.json. Press Ctrl-C to stop.
`);
  } catch (error) {
    for (const stop of stopping.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/** Reuses the demo org from .roster/local.json while its data exists; otherwise creates one. */
async function ensureDemoOrg(fresh: boolean) {
  const previous = fresh ? undefined : await readState();
  if (previous?.demo) {
    const client = new DynamoDBClient({});
    const { Item } = await client.send(
      new GetItemCommand({ TableName: process.env.ROSTER_TABLE_NAME, Key: { pk: { S: `ORG#${previous.demo.orgId}` }, sk: { S: 'ORG' } } }),
    );
    client.destroy();
    if (Item) return previous.demo;
  }
  const { createOrgWithAdmin } = await import('../functions/operator/create-org.ts');
  const created = await createOrgWithAdmin({
    name: 'Demo Org',
    adminEmail: 'admin@example.com',
    adminGivenName: 'Demo',
    adminFamilyName: 'Admin',
    integrations: ['salesforce', 'gong'],
    operator: 'npm start',
  });
  return { orgId: created.orgId, adminUserId: created.adminUserId, adminEmail: created.adminEmail, adminToken: created.adminToken };
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
