import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

/**
 * End-to-end check of a running Roster API (deployed or local):
 * `npm run smoke -- --url <base URL> --token <admin token>`. It lists users,
 * adds a throw-away user with the welcome email off, reads, edits and deletes
 * that user, and prints each step with its time. It exits 1 on the first
 * failed step, naming it, after deleting the user it added. Delete is a soft
 * delete, so the user stays in the org's deleted list with its audit entries,
 * but no active user is left behind.
 */

const USAGE = `Usage: npm run smoke -- --url <base URL> --token <admin token> [--timeout <seconds>]

  --url      Base URL of the API, for example https://api.example.com or http://127.0.0.1:3000
  --token    An admin API token of the org to check; the throw-away user is
             deleted again and stays only in the org's list of deleted users
  --timeout  Seconds each request may take before the step fails (default 10)`;

export class StepFailure extends Error {}

interface Response {
  status: number;
  headers: Headers;
  body: any;
}

export interface SmokeOptions {
  url: string;
  token: string;
  timeoutSeconds?: number;
  /** Receives one line per step. */
  print?: (line: string) => void;
}

/** Runs every step and returns true when all passed. */
export async function runSmoke(options: SmokeOptions): Promise<boolean> {
  const print = options.print ?? console.log;
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = (options.timeoutSeconds ?? 10) * 1000;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const expectStatus = (response: Response, expected: number) => {
    if (response.status === expected) return;
    const detail = response.body?.detail ?? response.body?.message ?? JSON.stringify(response.body) ?? '';
    throw new StepFailure(`expected HTTP ${expected}, got ${response.status}${detail ? `: ${detail}` : ''}`);
  };

  const email = `roster-smoke-${randomBytes(6).toString('hex')}@example.com`;
  let userId: string | undefined;
  let etag: string | undefined;

  const steps: [string, () => Promise<string>][] = [
    [
      'list users',
      async () => {
        const response = await call('GET', '/v1/users?limit=1');
        expectStatus(response, 200);
        if (!Array.isArray(response.body?.users)) throw new StepFailure('the response has no users array');
        return `${response.body.users.length} user(s) on the first page`;
      },
    ],
    [
      'add user',
      async () => {
        const response = await call('POST', '/v1/users', { email, givenName: 'Smoke', familyName: 'Test', sendWelcomeEmail: false });
        expectStatus(response, 201);
        userId = response.body?.id;
        if (!userId) throw new StepFailure('the response has no user id');
        if (response.body.welcomeEmail?.status !== 'not_requested') throw new StepFailure(`welcome email is ${response.body.welcomeEmail?.status}, expected not_requested`);
        return `${email} as ${userId}`;
      },
    ],
    [
      'read user',
      async () => {
        const response = await call('GET', `/v1/users/${userId}`);
        expectStatus(response, 200);
        if (response.body?.email !== email) throw new StepFailure(`email is ${response.body?.email}, expected ${email}`);
        etag = response.headers.get('etag') ?? undefined;
        if (!etag) throw new StepFailure('the response has no ETag header');
        return `status ${response.body.status}, ETag ${etag}`;
      },
    ],
    [
      'edit user',
      async () => {
        const response = await call('PATCH', `/v1/users/${userId}`, { givenName: 'Smoke Edited' }, { 'if-match': etag! });
        expectStatus(response, 200);
        if (response.body?.givenName !== 'Smoke Edited') throw new StepFailure(`givenName is ${response.body?.givenName}, expected Smoke Edited`);
        return `version ${response.body.version}`;
      },
    ],
    [
      'delete user',
      async () => {
        const response = await call('DELETE', `/v1/users/${userId}`);
        expectStatus(response, 204);
        const deleted = userId;
        userId = undefined;
        const after = await call('GET', `/v1/users/${deleted}`);
        expectStatus(after, 200);
        if (after.body?.status !== 'deleted') throw new StepFailure(`status after delete is ${after.body?.status}, expected deleted`);
        return 'status deleted';
      },
    ],
  ];

  const started = performance.now();
  for (const [name, run] of steps) {
    const stepStarted = performance.now();
    try {
      const note = await run();
      print(`ok    ${name.padEnd(12)} ${elapsed(stepStarted).padStart(7)}  ${note}`);
    } catch (error) {
      print(`FAIL  ${name.padEnd(12)} ${elapsed(stepStarted).padStart(7)}  ${describeError(error, timeoutMs)}`);
      await cleanUp(call, userId, print);
      print(`Smoke test failed at step "${name}" after ${elapsed(started)}.`);
      return false;
    }
  }
  print(`Smoke test passed: ${steps.length} steps in ${elapsed(started)}.`);
  return true;
}

/** Deletes the throw-away user when a step after "add user" failed. */
async function cleanUp(call: (method: string, path: string) => Promise<Response>, userId: string | undefined, print: (line: string) => void) {
  if (!userId) return;
  try {
    const response = await call('DELETE', `/v1/users/${userId}`);
    print(response.status === 204 ? `Deleted the throw-away user ${userId}.` : `Could not delete the throw-away user ${userId} (HTTP ${response.status}): delete it by hand.`);
  } catch (error) {
    print(`Could not delete the throw-away user ${userId} (${(error as Error).message}): delete it by hand.`);
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof StepFailure) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `request failed: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
}

const elapsed = (since: number) => `${Math.round(performance.now() - since)} ms`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, token: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);
  const invalid: string[] = [];
  if (!values.url) invalid.push('Missing --url.');
  if (!values.token) invalid.push('Missing --token.');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) invalid.push(`Invalid --timeout ${values.timeout}: use a positive number of seconds.`);
  if (invalid.length > 0 || !values.url || !values.token) {
    console.error(`${invalid.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  try {
    new URL(values.url);
  } catch {
    console.error(`Invalid --url ${values.url}: use an absolute URL such as https://api.example.com.\n${USAGE}`);
    process.exit(2);
  }
  process.exit((await runSmoke({ url: values.url, token: values.token, timeoutSeconds })) ? 0 : 1);
}
