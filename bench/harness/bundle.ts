import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Metafile, build } from 'esbuild';
import { ROSTER_BUNDLING } from '../../infra/constructs/roster-function.ts';
import { IDEMPOTENCY_TABLE, QUEUES, TABLE, queueUrlVariable } from '../../infra/resources.ts';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..');
/** Bundles and probe entries go here; .roster/ is git-ignored. */
export const WORK_DIR = join(ROOT, '.roster', 'bench');

export interface Bundle {
  name: string;
  file: string;
  minifiedBytes: number;
  gzippedBytes: number;
  metafile: Metafile;
}

/** Converts the `--alias:<package>` entries of ROSTER_BUNDLING.esbuildArgs to esbuild's `alias` option. */
export function bundlingAliases(esbuildArgs: Record<string, string> = ROSTER_BUNDLING.esbuildArgs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(esbuildArgs)
      .filter(([flag]) => flag.startsWith('--alias:'))
      .map(([flag, target]) => [flag.slice('--alias:'.length), target]),
  );
}

/**
 * Bundles `entry` with the esbuild settings of infra/constructs/roster-function.ts,
 * spelled as the esbuild flags NodejsFunction passes (platform node, index.mjs
 * for ESM). `externalModules` and `alias` override the construct's, for experiments.
 */
export async function bundle(
  name: string,
  entry: string,
  externalModules: string[] = ROSTER_BUNDLING.externalModules,
  alias: Record<string, string> = bundlingAliases(),
): Promise<Bundle> {
  const outDir = join(WORK_DIR, 'bundles', name.replace(/[^A-Za-z0-9-]+/g, '_'));
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: ROSTER_BUNDLING.target,
    format: ROSTER_BUNDLING.format as 'esm',
    outfile: file,
    minify: ROSTER_BUNDLING.minify,
    sourcemap: ROSTER_BUNDLING.sourceMap,
    sourcesContent: ROSTER_BUNDLING.sourcesContent,
    external: externalModules,
    banner: { js: ROSTER_BUNDLING.banner },
    mainFields: ROSTER_BUNDLING.mainFields,
    alias,
    metafile: true,
    logLevel: 'error',
  });
  const code = await readFile(file);
  return { name, file, minifiedBytes: (await stat(file)).size, gzippedBytes: gzipSync(code).length, metafile: result.metafile };
}

/** Environment of a deployed function, as far as module init reads it; nothing here reaches a network. */
function lambdaLikeEnv(withSourceMaps: boolean): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...(withSourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ROSTER_TABLE_NAME: TABLE.name,
    ROSTER_IDEMPOTENCY_TABLE_NAME: IDEMPOTENCY_TABLE.name,
    POWERTOOLS_SERVICE_NAME: 'roster',
    POWERTOOLS_METRICS_NAMESPACE: 'Roster',
    ...Object.fromEntries(QUEUES.map((queue) => [queueUrlVariable(queue.name), `http://127.0.0.1:9/000000000000/${queue.name}`])),
  };
}

const PROBE = join(import.meta.dirname, 'init-probe.mjs');

/**
 * Imports the bundle in a fresh Node process (the one running this suite, Node 24)
 * and returns the module-init time in milliseconds. Deployed functions run with
 * NODE_OPTIONS=--enable-source-maps, so that is the default here too.
 */
export async function measureInit(file: string, withSourceMaps = true): Promise<number> {
  const { stdout } = await run(process.execPath, [PROBE, pathToFileURL(file).href], { env: lambdaLikeEnv(withSourceMaps), timeout: 30_000 });
  return (JSON.parse(stdout) as { initMs: number }).initMs;
}

/** Bytes in the bundle per npm package (`@scope/name`), or `roster` for the project's own code. */
export function bytesByPackage(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.replaceAll('\\', '/'));
      const owner = match ? match[1]! : 'roster';
      totals.set(owner, (totals.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return new Map([...totals].sort((a, b) => b[1] - a[1]));
}
