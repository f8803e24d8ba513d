import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildApp } from 'fauxqs';
import sesEmulator from 'aws-ses-v2-local';
import { assertPortFree } from './ports.ts';

const require = createRequire(import.meta.url);
const LOOPBACK = '127.0.0.1';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local, the jar shipped in the `amplify-dynamodb-simulator`
 * package, with the machine's Java. DynamoDB Local has no option to choose its
 * listening address, so it listens on every interface; the other emulators
 * listen on 127.0.0.1 only.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningService> {
  // The jar binds every interface, so check the wildcard address, not only loopback.
  await assertPortFree(options.port, '0.0.0.0', 'DynamoDB Local');
  const emulatorDir = join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  const storage = options.dataDir ? ['-sharedDb', '-dbPath', options.dataDir] : ['-inMemory'];
  const args = [
    `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulatorDir, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-disableTelemetry',
    ...storage,
  ];
  const child = spawn('java', args, { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = `http://${LOOPBACK}:${options.port}`;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'Java was not found on PATH. DynamoDB Local needs a Java runtime, version 17 or later (for example: apt-get install openjdk-17-jre-headless).'
            : `Could not start DynamoDB Local: ${error.message}`,
        ),
      );
    });
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited with code ${code} before it was ready:\n${output.slice(-2000)}`)));
    waitForDynamoDb(url).then(resolve, reject);
  });
  try {
    await ready;
  } catch (error) {
    // A Java process that never became ready would otherwise outlive the stack that failed to start.
    await stopChild(child);
    throw error;
  }
  child.removeAllListeners('exit');
  // If this process exits without calling stop (a crash, a killed test runner), the JVM must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

async function waitForDynamoDb(url: string, timeoutMs = 30_000): Promise<void> {
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not respond at ${url} within ${timeoutMs} ms: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the fauxqs SQS emulator in this process, on 127.0.0.1. Its
 * `startFauxqs` listens on every interface, so this builds the Fastify app and
 * listens on loopback itself.
 */
export async function startSqsEmulator(options: { port: number }): Promise<RunningService> {
  await assertPortFree(options.port, LOOPBACK, 'the SQS emulator (fauxqs)');
  const app = buildApp({ logger: false, defaultRegion: 'us-east-1' });
  await app.listen({ port: options.port, host: LOOPBACK });
  return { url: `http://${LOOPBACK}:${options.port}`, stop: () => app.close() };
}

/**
 * Moves a fauxqs queue URL (`http://sqs.<region>.localhost:<port>/<account>/<name>`)
 * onto the emulator's loopback endpoint. The host `sqs.<region>.localhost` does
 * not resolve on every machine, and the SQS client sends to the queue URL's
 * host, so the original URL would not reach the emulator; fauxqs finds the queue by its name in the path.
 */
export function queueUrlOnEndpoint(queueUrl: string, endpoint: string): string {
  return `${endpoint}${queueUrl.replace(/^https?:\/\/[^/]+/, '')}`;
}

/** Starts aws-ses-v2-local in this process, on 127.0.0.1; its page at `/` lists sent mail. */
export async function startSesV2Emulator(options: { port: number }): Promise<RunningService> {
  await assertPortFree(options.port, LOOPBACK, 'the SES emulator (aws-ses-v2-local)');
  // The package is CommonJS; depending on the loader its default export arrives wrapped once more.
  const start = (typeof sesEmulator === 'function' ? sesEmulator : (sesEmulator as unknown as { default: typeof sesEmulator }).default);
  const server = await start({ host: LOOPBACK, port: options.port });
  return {
    url: `http://${LOOPBACK}:${options.port}`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
