import type { BenchContext } from '../harness/context.ts';
import { skipped } from '../harness/context.ts';
import { type BenchOrg, createBenchOrg, issueScimToken } from '../harness/orgs.ts';
import { type BenchRequest, forEachConcurrent, sendHttp } from '../harness/requests.ts';
import { type Spread, formatSpread, spread } from '../harness/stats.ts';
import { measureBackfill } from './backfill.ts';
import { SCIM_CONTENT_TYPE, newUserBody, presentRoutes, scimUserBody } from './scenarios.ts';

/** Microsoft Entra ID's provisioning requirement for gallery apps: at least 25 requests per second per tenant. */
const ENTRA_MIN_REQUESTS_PER_SECOND = 25;
const BLOCK = 1000;
const LIST_PAGE = 100;
/** Users provisioned untimed before the first run. */
const WARMUP_USERS = 50;
/** Sequential requests for the single-client SCIM rate. */
const SEQUENTIAL_REQUESTS = 200;

interface Channel {
  name: string;
  request(org: BenchOrg, scimToken: string | undefined): BenchRequest;
}

const ADMIN_CHANNEL: Channel = {
  name: 'admin API (POST /v1/users)',
  request: (org) => ({ method: 'POST', path: '/v1/users', token: org.adminToken, body: newUserBody() }),
};

const SCIM_CHANNEL: Channel = {
  name: 'SCIM (POST /scim/v2/Users)',
  request: (_org, scimToken) => ({ method: 'POST', path: '/scim/v2/Users', token: scimToken!, body: scimUserBody(), contentType: SCIM_CONTENT_TYPE }),
};

interface Provisioned {
  totalMs: number;
  /** Milliseconds each block of 1,000 users took, in completion order. */
  blockMs: number[];
}

async function provision(channel: Channel, org: BenchOrg, scimToken: string | undefined, count: number, concurrency: number, apiUrl: string): Promise<Provisioned> {
  const blockMs: number[] = [];
  let completed = 0;
  const started = performance.now();
  let blockStarted = started;
  await forEachConcurrent([...Array(count).keys()], concurrency, async () => {
    const request = channel.request(org, scimToken);
    const response = await sendHttp(apiUrl, request);
    if (response.status !== 201) throw new Error(`${request.method} ${request.path} returned ${response.status}: ${JSON.stringify(response.body)}`);
    completed++;
    if (completed % BLOCK === 0) {
      const now = performance.now();
      blockMs.push(now - blockStarted);
      blockStarted = now;
    }
  });
  return { totalMs: performance.now() - started, blockMs };
}

async function listAll(apiUrl: string, org: BenchOrg): Promise<{ totalMs: number; users: number; pages: number }> {
  let cursor: string | null = null;
  let users = 0;
  let pages = 0;
  const started = performance.now();
  do {
    const query: string = `limit=${LIST_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await sendHttp(apiUrl, { method: 'GET', path: `/v1/users?${query}`, token: org.adminToken });
    if (response.status !== 200) throw new Error(`GET /v1/users returned ${response.status}: ${JSON.stringify(response.body)}`);
    users += response.body.users.length;
    pages++;
    cursor = response.body.nextCursor;
  } while (cursor);
  return { totalMs: performance.now() - started, users, pages };
}

interface RunFigures {
  smallMs: number;
  largeMs: number;
  firstBlockMs: number;
  lastBlockMs: number;
  listSmallMs: number;
  listLargeMs: number;
  listPages: number;
  sequentialPerSecond?: number;
  backfillMs?: number;
}

const perUser = (ms: number, users: number) => ms / users;
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const perSecond = (ms: number, count: number) => count / (ms / 1000);

export async function scaleSection(context: BenchContext): Promise<string> {
  const bench = await context.stack();
  const { scaleUsers, scaleSmallUsers, scaleRuns, concurrency, backfillUsers } = context.options;
  const scim = presentRoutes().has('POST /scim/v2/Users');
  const channel = scim ? SCIM_CHANNEL : ADMIN_CHANNEL;
  const notes: string[] = [];
  if (!scim) notes.push(skipped(context, 'SCIM provisioning', 'no POST /scim/v2/Users route in ROUTES on this branch; users are provisioned through the admin API instead'));

  // The first requests import the handler module; a throwaway org takes that cost so the small org's figure does not.
  const warmup = await createBenchOrg();
  await provision(channel, warmup, scim ? await issueScimToken(warmup.orgId) : undefined, WARMUP_USERS, concurrency, bench.apiUrl);
  await listAll(bench.apiUrl, warmup);

  const runs: RunFigures[] = [];
  let backfillNote: string | undefined;
  for (let run = 0; run < scaleRuns; run++) {
    const small = await createBenchOrg();
    const large = await createBenchOrg();
    const smallToken = scim ? await issueScimToken(small.orgId) : undefined;
    const largeToken = scim ? await issueScimToken(large.orgId) : undefined;

    const smallRun = await provision(channel, small, smallToken, scaleSmallUsers, concurrency, bench.apiUrl);
    context.log(`scale run ${run + 1}: ${scaleSmallUsers} users in ${(smallRun.totalMs / 1000).toFixed(1)} s`);
    const largeRun = await provision(channel, large, largeToken, scaleUsers, concurrency, bench.apiUrl);
    context.log(`scale run ${run + 1}: ${scaleUsers} users in ${(largeRun.totalMs / 1000).toFixed(1)} s`);
    const listSmall = await listAll(bench.apiUrl, small);
    const listLarge = await listAll(bench.apiUrl, large);
    // The admin is a user of the org too.
    if (listLarge.users !== scaleUsers + 1) throw new Error(`Listing returned ${listLarge.users} users; expected ${scaleUsers + 1}.`);
    context.log(`scale run ${run + 1}: listed ${listLarge.users} users in ${listLarge.pages} pages in ${(listLarge.totalMs / 1000).toFixed(1)} s`);

    const figures: RunFigures = {
      smallMs: smallRun.totalMs,
      largeMs: largeRun.totalMs,
      firstBlockMs: largeRun.blockMs[0] ?? largeRun.totalMs,
      lastBlockMs: largeRun.blockMs.at(-1) ?? largeRun.totalMs,
      listSmallMs: listSmall.totalMs,
      listLargeMs: listLarge.totalMs,
      listPages: listLarge.pages,
    };
    if (scim) {
      const sequential = await provision(channel, small, smallToken, SEQUENTIAL_REQUESTS, 1, bench.apiUrl);
      figures.sequentialPerSecond = perSecond(sequential.totalMs, SEQUENTIAL_REQUESTS);
    }
    const backfill = await measureBackfill(context, backfillUsers);
    if (typeof backfill === 'string') backfillNote = backfill;
    else figures.backfillMs = backfill.totalMs;
    runs.push(figures);
  }

  const pick = (select: (figures: RunFigures) => number | undefined): Spread => spread(runs.map(select).filter((value): value is number => value !== undefined));
  const growth = pick((figures) => perUser(figures.largeMs, scaleUsers) / perUser(figures.smallMs, scaleSmallUsers));
  const blockGrowth = pick((figures) => figures.lastBlockMs / figures.firstBlockMs);
  const listGrowth = pick((figures) => perUser(figures.listLargeMs, scaleUsers + 1) / perUser(figures.listSmallMs, scaleSmallUsers + 1));

  const lines = [
    '## 4. Scale',
    '',
    `Each run creates two fresh orgs and provisions ${scaleSmallUsers.toLocaleString('en-US')} and ${scaleUsers.toLocaleString('en-US')} users through the HTTP front with ${concurrency} requests in flight, then lists each org page by page (limit ${LIST_PAGE}) with one client, after ${WARMUP_USERS} untimed requests that load the handler modules. ${plural(scaleRuns, 'run')}; each cell is median (min–max) over runs.`,
    '',
    '| figure | total s | per second | ms per user |',
    '| --- | --- | --- | --- |',
    `| provision ${scaleSmallUsers.toLocaleString('en-US')} users, ${channel.name} | ${formatSpread(pick((f) => f.smallMs / 1000), 1)} | ${formatSpread(pick((f) => perSecond(f.smallMs, scaleSmallUsers)), 0)} | ${formatSpread(pick((f) => perUser(f.smallMs, scaleSmallUsers)), 2)} |`,
    `| provision ${scaleUsers.toLocaleString('en-US')} users, ${channel.name} | ${formatSpread(pick((f) => f.largeMs / 1000), 1)} | ${formatSpread(pick((f) => perSecond(f.largeMs, scaleUsers)), 0)} | ${formatSpread(pick((f) => perUser(f.largeMs, scaleUsers)), 2)} |`,
    `| list ${(scaleSmallUsers + 1).toLocaleString('en-US')} users, GET /v1/users | ${formatSpread(pick((f) => f.listSmallMs / 1000), 2)} | ${formatSpread(pick((f) => perSecond(f.listSmallMs, scaleSmallUsers + 1)), 0)} | ${formatSpread(pick((f) => perUser(f.listSmallMs, scaleSmallUsers + 1)), 3)} |`,
    `| list ${(scaleUsers + 1).toLocaleString('en-US')} users, GET /v1/users (${runs[0]?.listPages ?? 0} pages) | ${formatSpread(pick((f) => f.listLargeMs / 1000), 2)} | ${formatSpread(pick((f) => perSecond(f.listLargeMs, scaleUsers + 1)), 0)} | ${formatSpread(pick((f) => perUser(f.listLargeMs, scaleUsers + 1)), 3)} |`,
    ...(runs.some((f) => f.backfillMs !== undefined)
      ? [`| backfill ${backfillUsers.toLocaleString('en-US')} users (add with autoBackfill until every Need Sync mark is cleared) | ${formatSpread(pick((f) => (f.backfillMs === undefined ? undefined : f.backfillMs / 1000)), 1)} | ${formatSpread(pick((f) => (f.backfillMs === undefined ? undefined : perSecond(f.backfillMs, backfillUsers))), 0)} | ${formatSpread(pick((f) => (f.backfillMs === undefined ? undefined : perUser(f.backfillMs, backfillUsers))), 2)} |`]
      : []),
    '',
    'Growth of time per user from the small org to the large one (1.00 means flat):',
    '',
    `- provisioning, ms per user in the ${scaleUsers.toLocaleString('en-US')}-user org / in the ${scaleSmallUsers.toLocaleString('en-US')}-user org: ${formatSpread(growth)}`,
    ...(scaleUsers >= 2 * BLOCK ? [`- provisioning, last block of ${BLOCK.toLocaleString('en-US')} users / first block, in the large org: ${formatSpread(blockGrowth)}`] : []),
    `- listing, ms per user in the large org / in the small org: ${formatSpread(listGrowth)}`,
  ];
  if (scim) {
    const concurrent = pick((f) => perSecond(f.largeMs, scaleUsers));
    const sequential = pick((f) => f.sequentialPerSecond);
    lines.push(
      '',
      `SCIM throughput against Microsoft Entra ID's requirement of at least ${ENTRA_MIN_REQUESTS_PER_SECOND} requests per second per tenant (Entra app gallery provisioning requirements): ${formatSpread(concurrent, 0)} creates/s with ${concurrency} in flight (${formatSpread(spread([concurrent.median / ENTRA_MIN_REQUESTS_PER_SECOND]), 1)}× the requirement), ${formatSpread(sequential, 0)} creates/s from one client sending one request at a time.`,
    );
  }
  const allNotes = [...notes, ...(backfillNote ? [backfillNote] : [])];
  if (allNotes.length) lines.push('', ...allNotes.map((note) => `- ${note}`));
  return lines.join('\n');
}
