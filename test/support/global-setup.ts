import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { startHttpFront } from '../../local/http-front.ts';
import { freePort } from '../../local/ports.ts';
import { type FakeProviders, startFakeProviders } from '../../local/fake-providers/index.ts';
import { type LocalOidcIssuer, type LocalSigningKey, startLocalOidcIssuer } from '../../local/oidc-issuer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { env: Record<string, string>; apiUrl: string; sesUrl: string; queueUrls: Record<string, string> };
    /** The local OIDC issuer, with its signing key so tests can mint tokens. */
    oidc: { issuer: string; audience: string; key: LocalSigningKey };
  }
}

let stack: LocalStack | undefined;
let server: Server | undefined;
let stateDir: string | undefined;
let stopPollers: (() => Promise<void>) | undefined;
let fakeProviders: FakeProviders | undefined;
let oidc: LocalOidcIssuer | undefined;

/**
 * Starts the emulators on free loopback ports with in-memory DynamoDB, and the
 * HTTP front over the real handler modules, once for all test files.
 */
export async function setup(project: TestProject) {
  stateDir = await mkdtemp(join(tmpdir(), 'roster-test-'));
  stack = await startLocalStack({
    stateDir,
    inMemory: true,
    ports: { dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() },
    logLevel: process.env.ROSTER_TEST_LOG_LEVEL ?? 'SILENT',
    queueVisibilityTimeoutSeconds: 2,
  });
  fakeProviders = await startFakeProviders();
  Object.assign(process.env, fakeProviders.env);
  oidc = await startLocalOidcIssuer({ port: 0, stateDir });
  Object.assign(process.env, oidc.env);
  Object.assign(stack.env, oidc.env);
  project.provide('oidc', { issuer: oidc.issuer, audience: oidc.audience, key: oidc.key });
  const apiPort = await freePort();
  server = await startHttpFront({ port: apiPort });
  const { startQueuePollers } = await import('../../local/pollers.ts');
  stopPollers = startQueuePollers(stack.queueUrls).stop;
  project.provide('stack', { env: { ...stack.env, ...fakeProviders.env }, apiUrl: `http://127.0.0.1:${apiPort}`, sesUrl: stack.endpoints.ses, queueUrls: stack.queueUrls });
}

/** Stops everything setup started; each step runs even when an earlier one fails, so no emulator outlives the run. */
export async function teardown() {
  const steps: (() => Promise<unknown>)[] = [
    async () => stopPollers?.(),
    () =>
      new Promise((resolve) => {
        if (!server) return resolve(undefined);
        server.close(resolve);
        server.closeAllConnections();
      }),
    async () => fakeProviders?.stop(),
    async () => oidc?.stop(),
    async () => stack?.stop(),
    async () => stateDir && rm(stateDir, { recursive: true, force: true }),
  ];
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, 'Test teardown failed');
}
