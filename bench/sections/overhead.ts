import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BenchContext } from '../harness/context.ts';
import { skipped } from '../harness/context.ts';
import type { RecordedCall } from '../harness/dynamodb-recorder.ts';
import { createBenchOrg, issueScimToken } from '../harness/orgs.ts';
import { describeCalls, replayCalls } from '../harness/replay.ts';
import { type BenchRequest, prepareInvocation, sendHttp } from '../harness/requests.ts';
import { type Spread, formatSpread, percentile, spread } from '../harness/stats.ts';
import { SCENARIOS, type Scenario, type ScenarioEnv, addUsers, normalizeRoute, presentRoutes, scenarioLabel, selected } from './scenarios.ts';
import { ROUTES } from '../../functions/routes.ts';

/** Requests sent before timing each route and mode: the first one imports the handler module (a cold start). */
const WARMUP = 5;
/** Users in the org before timing, so a list returns a full default page of 50 and has more. */
const SEEDED_USERS = 60;

interface RunFigures {
  httpP50: number;
  httpP99: number;
  inProcessP50: number;
  inProcessP99: number;
  rawP50: number;
  rawP99: number;
  /** DynamoDB round trips inside the route, timed by the recorder just above the HTTP handler. */
  wireP50: number;
}

export interface RouteOverhead {
  label: string;
  calls: string;
  figures: Record<keyof RunFigures, Spread>;
  ratioInProcess: Spread;
  ratioHttp: Spread;
}

function assertOk(request: BenchRequest, status: number, body: unknown) {
  if (status >= 300) throw new Error(`${request.method} ${request.path} returned ${status}: ${JSON.stringify(body)}`);
}

async function timeHttp(apiUrl: string, requests: BenchRequest[]): Promise<number[]> {
  const durations: number[] = [];
  for (const [index, request] of requests.entries()) {
    const started = performance.now();
    const response = await sendHttp(apiUrl, request);
    const elapsed = performance.now() - started;
    assertOk(request, response.status, response.body);
    if (index >= WARMUP) durations.push(elapsed);
  }
  return durations;
}

/**
 * Invokes each request in process and, right after it, sends the DynamoDB
 * calls it made again with the bare client, so that the route and its raw
 * calls are timed under the same machine load, sample by sample.
 */
async function timeInProcessAndRaw(
  context: BenchContext,
  requests: BenchRequest[],
  raw: DynamoDBClient,
): Promise<{ durations: number[]; rawDurations: number[]; calls: RecordedCall[][] }> {
  const { recorder } = await context.stack();
  const invocations = await Promise.all(requests.map(prepareInvocation));
  const durations: number[] = [];
  const rawDurations: number[] = [];
  const calls: RecordedCall[][] = [];
  for (const [index, invocation] of invocations.entries()) {
    const { result, calls: made } = await recorder.record(async () => {
      const started = performance.now();
      const response = await invocation.invoke();
      return { response, elapsed: performance.now() - started };
    });
    assertOk(requests[index]!, result.response.status, result.response.body);
    const rawElapsed = await replayCalls(raw, made);
    if (index >= WARMUP) {
      durations.push(result.elapsed);
      rawDurations.push(rawElapsed);
      calls.push(made);
    }
  }
  return { durations, rawDurations, calls };
}

async function measureRun(context: BenchContext, env: ScenarioEnv, scenario: Scenario, raw: DynamoDBClient): Promise<{ figures: RunFigures; calls: RecordedCall[] }> {
  const { apiUrl } = await context.stack();
  const count = context.options.samples + WARMUP;
  const http = await timeHttp(apiUrl, await scenario.prepare(env, count));
  const inProcess = await timeInProcessAndRaw(context, await scenario.prepare(env, count), raw);
  const { rawDurations } = inProcess;
  const wire = inProcess.calls.map((calls) => calls.reduce((sum, call) => sum + call.wireMs, 0));
  return {
    figures: {
      httpP50: percentile(http, 50),
      httpP99: percentile(http, 99),
      inProcessP50: percentile(inProcess.durations, 50),
      inProcessP99: percentile(inProcess.durations, 99),
      rawP50: percentile(rawDurations, 50),
      rawP99: percentile(rawDurations, 99),
      wireP50: percentile(wire, 50),
    },
    calls: inProcess.calls[0] ?? [],
  };
}

export async function measureOverhead(context: BenchContext): Promise<{ rows: RouteOverhead[]; notes: string[] }> {
  const bench = await context.stack();
  const present = presentRoutes();
  const notes: string[] = [];
  const org = await createBenchOrg();
  const env: ScenarioEnv = { apiUrl: bench.apiUrl, org, seededUserIds: [] };
  env.seededUserIds = await addUsers(env, SEEDED_USERS);
  if ([...present.values()].includes('scim')) env.scimToken = await issueScimToken(org.orgId);

  const runnable: Scenario[] = [];
  for (const scenario of SCENARIOS) {
    if (!selected(scenario, context.options.routes)) continue;
    if (present.has(scenario.route)) runnable.push(scenario);
    else notes.push(skipped(context, scenarioLabel(scenario), `no ${scenario.route.replace('{}', '{id}')} route in ROUTES on this branch`));
  }
  const covered = new Set(SCENARIOS.map((scenario) => scenario.route));
  for (const route of ROUTES) {
    const key = normalizeRoute(route.method, route.path);
    if (route.auth !== 'public' && !covered.has(key)) notes.push(skipped(context, `${route.method} ${route.path}`, 'the bench has no scenario for this route yet'));
  }

  const raw = new DynamoDBClient({ endpoint: bench.stack.endpoints.dynamodb });
  const rows: RouteOverhead[] = [];
  try {
    for (const scenario of runnable) {
      const perRun: RunFigures[] = [];
      let calls: RecordedCall[] = [];
      for (let run = 0; run < context.options.runs; run++) {
        const measured = await measureRun(context, env, scenario, raw);
        perRun.push(measured.figures);
        calls = measured.calls;
      }
      const pick = (key: keyof RunFigures) => spread(perRun.map((figures) => figures[key]));
      const row: RouteOverhead = {
        label: scenarioLabel(scenario),
        calls: describeCalls(calls),
        figures: {
          httpP50: pick('httpP50'),
          httpP99: pick('httpP99'),
          inProcessP50: pick('inProcessP50'),
          inProcessP99: pick('inProcessP99'),
          rawP50: pick('rawP50'),
          rawP99: pick('rawP99'),
          wireP50: pick('wireP50'),
        },
        ratioInProcess: spread(perRun.map((figures) => figures.inProcessP50 / figures.rawP50)),
        ratioHttp: spread(perRun.map((figures) => figures.httpP50 / figures.rawP50)),
      };
      rows.push(row);
      context.log(`overhead: ${row.label}: in-process p50 ${formatSpread(row.figures.inProcessP50)} ms, raw ${formatSpread(row.figures.rawP50)} ms, ratio ${formatSpread(row.ratioInProcess)}`);
    }
  } finally {
    raw.destroy();
  }
  return { rows, notes };
}

export async function overheadSection(context: BenchContext): Promise<string> {
  const { rows, notes } = await measureOverhead(context);
  const { runs, samples } = context.options;
  const lines = [
    '## 1. Overhead: route time against the DynamoDB calls it makes',
    '',
    `Each route ran ${samples} requests per run, one at a time, after ${WARMUP} warm-up requests, in ${runs} run${runs === 1 ? '' : 's'}; every cell is the median over runs with the min–max over runs in brackets, in milliseconds.`,
    '',
    '- **in-process**: the handler invoked with a prebuilt API Gateway event, as a warm Lambda container runs it (middy, Powertools, auth, zod, the use case, DynamoDB).',
    '- **HTTP**: the same route through the local HTTP front over loopback (fetch, the front\'s routing and event building, the handler).',
    '- **raw DynamoDB**: the very calls each in-process request made (recorded on the shared client), sent again right after that request, one after another, with a bare low-level `DynamoDBClient` against the same DynamoDB Local. Writes are replayed without their conditions so that they succeed a second time.',
    '- **wire**: the same calls as timed inside the route, from request sent to response headers.',
    '- **ratio** = route p50 / raw DynamoDB p50, computed per run. Target: in-process ≤ 1.15.',
    '',
    '| route | DynamoDB calls | in-process p50 | in-process p99 | HTTP p50 | HTTP p99 | raw DynamoDB p50 | raw DynamoDB p99 | wire p50 | ratio in-process | ratio HTTP |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) =>
      [
        row.label,
        row.calls,
        formatSpread(row.figures.inProcessP50),
        formatSpread(row.figures.inProcessP99),
        formatSpread(row.figures.httpP50),
        formatSpread(row.figures.httpP99),
        formatSpread(row.figures.rawP50),
        formatSpread(row.figures.rawP99),
        formatSpread(row.figures.wireP50),
        formatSpread(row.ratioInProcess),
        formatSpread(row.ratioHttp),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ];
  if (notes.length) lines.push('', ...notes.map((note) => `- ${note}`));
  return lines.join('\n');
}
