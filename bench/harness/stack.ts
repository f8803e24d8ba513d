import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpFront } from '../../local/http-front.ts';
import { freePort } from '../../local/ports.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { type Recorder, installRecorder } from './dynamodb-recorder.ts';

/** Fake integration providers, when the branch has them (local/fake-providers). */
export interface FakeProviders {
  urls: Record<string, string>;
  /** Credentials each fake accepts, by integration. */
  credentials: Record<string, unknown>;
}

export interface BenchStack {
  stack: LocalStack;
  fakes?: FakeProviders;
  apiUrl: string;
  recorder: Recorder;
  /** Starts the queue pollers (the local event source mappings); stopped with the stack. */
  startPollers(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the local stack in memory on free loopback ports and the HTTP front
 * over the real handler modules, as the test suite does, and installs the
 * DynamoDB recorder on the handlers' shared client. Handler modules are
 * imported only after the stack has set the environment they read.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const stateDir = await mkdtemp(join(tmpdir(), 'roster-bench-'));
  const stack = await startLocalStack({
    stateDir,
    inMemory: true,
    ports: { dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() },
    logLevel: 'SILENT',
    queueVisibilityTimeoutSeconds: 5,
  });
  let server: Server | undefined;
  let stopPollers: (() => Promise<void>) | undefined;
  let stopFakes: (() => Promise<void>) | undefined;
  try {
    const fakes = await startFakeProviders();
    stopFakes = fakes?.stop;
    const { dynamodb } = await import('../../functions/commons/clients.ts');
    const recorder = installRecorder(dynamodb);
    const port = await freePort();
    server = await startHttpFront({ port });
    return {
      stack,
      ...(fakes ? { fakes: { urls: fakes.urls, credentials: fakes.credentials } } : {}),
      apiUrl: `http://127.0.0.1:${port}`,
      recorder,
      async startPollers() {
        if (stopPollers) return;
        const { startQueuePollers } = await import('../../local/pollers.ts');
        stopPollers = startQueuePollers(stack.queueUrls).stop;
      },
      async stop() {
        await stopPollers?.();
        await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
        await stopFakes?.();
        await stack.stop();
        await rm(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await stopFakes?.();
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the fake integration providers and sets the variables that point the
 * connectors at them, when the branch has local/fake-providers. Without that
 * module it returns undefined, and the backfill figures report why they were skipped.
 */
async function startFakeProviders(): Promise<(FakeProviders & { stop(): Promise<void> }) | undefined> {
  // A path in a variable, so the type check passes on branches without the module.
  const modulePath = '../../local/fake-providers/index.ts';
  let module: {
    startFakeProviders(): Promise<{ urls: Record<string, string>; env: Record<string, string>; stop(): Promise<void> }>;
    FAKE_CREDENTIALS: Record<string, unknown>;
  };
  try {
    module = await import(modulePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  const started = await module.startFakeProviders();
  Object.assign(process.env, started.env);
  return { urls: started.urls, credentials: module.FAKE_CREDENTIALS, stop: started.stop };
}
