import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROUTES } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import type { BenchContext } from '../harness/context.ts';
import { type Bundle, ROOT, WORK_DIR, bundle, bytesByPackage, measureInit } from '../harness/bundle.ts';
import { percentile } from '../harness/stats.ts';

/** Targets: every bundle under 150 KB gzipped, module init under 60 ms. */
const MAX_GZIPPED_KB = 150;
const MAX_INIT_MS = 60;

const EMPTY_HANDLER = 'empty handler';

/**
 * Small entries that each import one library the way Roster's code does (or
 * the alternative), to attribute bundle bytes and init time to imports.
 */
const IMPORT_PROBES: { name: string; source: string; external?: string[]; alias?: Record<string, string> }[] = [
  { name: EMPTY_HANDLER, source: 'export const handler = async () => ({ statusCode: 204 });' },
  {
    name: "zod: import * as z from 'zod'",
    source: "import * as z from 'zod';\nconst body = z.object({ email: z.email(), name: z.string().min(1) });\nexport const handler = async (event) => body.parse(event);",
  },
  {
    name: "zod: import { z } from 'zod'",
    source: "import { z } from 'zod';\nconst body = z.object({ email: z.email(), name: z.string().min(1) });\nexport const handler = async (event) => body.parse(event);",
  },
  {
    name: "zod: import * as z from 'zod/mini'",
    source: "import * as z from 'zod/mini';\nconst body = z.object({ email: z.email(), name: z.string().check(z.minLength(1)) });\nexport const handler = async (event) => body.parse(event);",
  },
  {
    name: 'DynamoDBClient (bundled)',
    source: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async (event) => client.send(new GetItemCommand(event));",
  },
  {
    name: "DynamoDBClient (bundled, the SDK's full credential provider chain)",
    source: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async (event) => client.send(new GetItemCommand(event));",
    alias: {},
  },
  {
    name: "DynamoDBClient (external, the runtime's copy)",
    source: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async (event) => client.send(new GetItemCommand(event));",
    external: ['@aws-sdk/*', '@smithy/*'],
  },
  {
    name: 'DynamoDBClient + DynamoDBDocumentClient',
    source:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\nconst client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async (event) => client.send(new GetCommand(event));",
  },
  {
    name: 'SQSClient',
    source: "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst client = new SQSClient({});\nexport const handler = async (event) => client.send(new SendMessageCommand(event));",
  },
  {
    name: 'SESv2Client',
    source: "import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';\nconst client = new SESv2Client({});\nexport const handler = async (event) => client.send(new SendEmailCommand(event));",
  },
  {
    name: 'SecretsManagerClient',
    source:
      "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\nconst client = new SecretsManagerClient({});\nexport const handler = async (event) => client.send(new GetSecretValueCommand(event));",
  },
  {
    name: 'Powertools Logger',
    source: "import { Logger } from '@aws-lambda-powertools/logger';\nconst logger = new Logger();\nexport const handler = async (event) => logger.info('event', { size: String(event).length });",
  },
  {
    name: 'Powertools Metrics',
    source: "import { Metrics } from '@aws-lambda-powertools/metrics';\nconst metrics = new Metrics({ namespace: 'Bench' });\nexport const handler = async () => metrics.publishStoredMetrics();",
  },
  {
    name: 'Powertools Tracer (X-Ray SDK)',
    source: "import { Tracer } from '@aws-lambda-powertools/tracer';\nconst tracer = new Tracer();\nexport const handler = async () => tracer.getSegment();",
  },
  {
    name: 'middy core',
    source: "import middy from '@middy/core';\nexport const handler = middy().handler(async () => ({ statusCode: 204 }));",
  },
];

interface InitFigures {
  median: number;
  p25: number;
  p75: number;
}

interface Measured {
  bundle: Bundle;
  init: InitFigures | { error: string };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const formatInit = (init: Measured['init']) =>
  'error' in init ? `failed: ${init.error}` : `${init.median.toFixed(1)} (${init.p25.toFixed(1)}–${init.p75.toFixed(1)})`;

/** Every deployed function: each distinct handler module in ROUTES and WORKERS. */
function deployedHandlers(): string[] {
  return [...new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)])];
}

/**
 * Measures module-init time of every bundle `count` times, one fresh process
 * at a time, going round all bundles in each round so that load from other
 * processes spreads over all of them alike.
 */
async function measureAll(context: BenchContext, bundles: Bundle[], count: number, withSourceMaps = true): Promise<Measured[]> {
  const samples = bundles.map(() => [] as number[]);
  const errors = new Map<number, string>();
  for (let round = 0; round < count; round++) {
    for (const [index, measured] of bundles.entries()) {
      if (errors.has(index)) continue;
      try {
        samples[index]!.push(await measureInit(measured.file, withSourceMaps));
      } catch (error) {
        const message = ((error as { stderr?: string }).stderr || (error as Error).message).split('\n').find((line) => /Error/.test(line)) ?? 'unknown error';
        errors.set(index, message.trim().slice(0, 160));
      }
    }
    context.log(`cold start: round ${round + 1}/${count} done`);
  }
  return bundles.map((measured, index) => ({
    bundle: measured,
    init: errors.has(index)
      ? { error: errors.get(index)! }
      : { median: percentile(samples[index]!, 50), p25: percentile(samples[index]!, 25), p75: percentile(samples[index]!, 75) },
  }));
}

function topPackages(measured: Bundle, limit: number): string {
  return [...bytesByPackage(measured.metafile)]
    .slice(0, limit)
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(', ');
}

export async function coldStartSection(context: BenchContext): Promise<string> {
  const { coldStarts } = context.options;
  const probeDir = join(WORK_DIR, 'probes');
  await mkdir(probeDir, { recursive: true });

  const handlers = deployedHandlers();
  context.log(`cold start: bundling ${handlers.length} functions and ${IMPORT_PROBES.length} import probes`);
  const functionBundles = await Promise.all(handlers.map((handler) => bundle(handler, join(ROOT, 'functions', `${handler}.ts`))));
  const probeBundles = await Promise.all(
    IMPORT_PROBES.map(async (probe, index) => {
      const entry = join(probeDir, `probe-${index}.mjs`);
      await writeFile(entry, `${probe.source}\n`);
      return bundle(`probe-${index}`, entry, probe.external, probe.alias);
    }),
  );

  const measured = await measureAll(context, [...functionBundles, ...probeBundles], coldStarts);
  const functions = measured.slice(0, functionBundles.length);
  const probes = measured.slice(functionBundles.length);
  const empty = probes[0]!;

  const largest = [...functions].sort((a, b) => b.bundle.gzippedBytes - a.bundle.gzippedBytes)[0]!;
  const withoutSourceMaps = (await measureAll(context, [largest.bundle], coldStarts, false))[0]!;

  const misses = functions.filter(
    (entry) => entry.bundle.gzippedBytes / 1024 >= MAX_GZIPPED_KB || 'error' in entry.init || entry.init.median >= MAX_INIT_MS,
  );

  const lines = [
    '## 2. Cold start: bundle size and module-init time',
    '',
    `Each function is bundled with the esbuild settings of \`infra/constructs/roster-function.ts\` (\`ROSTER_BUNDLING\`: ESM, minified, target node24, AWS SDK bundled, the same \`createRequire\` banner, external source map). Module init is the time \`await import()\` of the bundle takes in a fresh Node ${process.version} process with \`NODE_OPTIONS=--enable-source-maps\` as deployed, measured in ${coldStarts} fresh processes per bundle, shown as median (p25–p75) in milliseconds. It is not the whole Lambda Init Duration, which adds the runtime's own start (tens of milliseconds) and runs on a Graviton core at 1024 MB. Targets: under ${MAX_GZIPPED_KB} KB gzipped and under ${MAX_INIT_MS} ms.`,
    '',
    '| function | minified KB | gzipped KB | module init ms | largest parts (KB minified) |',
    '| --- | --- | --- | --- | --- |',
    ...[...functions, empty].map(
      (entry) =>
        `| ${entry === empty ? `${EMPTY_HANDLER} (baseline)` : entry.bundle.name} | ${kb(entry.bundle.minifiedBytes)} | ${kb(entry.bundle.gzippedBytes)} | ${formatInit(entry.init)} | ${entry === empty ? '' : topPackages(entry.bundle, 5)} |`,
    ),
    '',
    misses.length === 0
      ? `Every function is under both targets.`
      : `Over a target: ${misses.map((entry) => entry.bundle.name).join(', ')}.`,
    '',
    `Source maps: the largest bundle (${largest.bundle.name}) initialises in ${formatInit(largest.init)} ms with \`--enable-source-maps\` and ${formatInit(withoutSourceMaps.init)} ms without it.`,
    '',
    '### What each import costs',
    '',
    'Each row is a one-file handler that imports one library and uses it once, bundled the same way, with the credential provider alias of `ROSTER_BUNDLING` unless the row says otherwise. The row marked external leaves `@aws-sdk/*` and `@smithy/*` to `node_modules`, as the Lambda runtime\'s copy would be loaded. The cost of an import is its row minus the empty handler.',
    '',
    '| import | minified KB | gzipped KB | module init ms | init over empty handler ms |',
    '| --- | --- | --- | --- | --- |',
    ...probes.map((entry) => {
      const over = 'error' in entry.init || 'error' in empty.init ? 'n/a' : (entry.init.median - empty.init.median).toFixed(1);
      return `| ${IMPORT_PROBES[probes.indexOf(entry)]!.name} | ${kb(entry.bundle.minifiedBytes)} | ${kb(entry.bundle.gzippedBytes)} | ${formatInit(entry.init)} | ${over} |`;
    }),
    '',
    `Bytes by package in the largest bundle (${largest.bundle.name}), from esbuild's metafile: ${topPackages(largest.bundle, 12)}.`,
  ];
  return lines.join('\n');
}
