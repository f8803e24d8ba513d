import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Git-ignored folder for local data: DynamoDB files, secrets, and local.json. */
export const STATE_DIR = join(import.meta.dirname, '..', '.roster');
export const STATE_FILE = join(STATE_DIR, 'local.json');

export interface LocalState {
  apiUrl: string;
  sesMailboxUrl: string;
  /** Environment that handlers need to reach the running emulators. */
  env: Record<string, string>;
  demo: { orgId: string; adminUserId: string; adminEmail: string; adminToken: string };
  /** The local OIDC issuer; its signing key is in `.roster/oidc/signing-key.json`. */
  oidc?: { issuer: string; audience: string };
}

export async function readState(): Promise<LocalState | undefined> {
  try {
    return JSON.parse(await readFile(STATE_FILE, 'utf8')) as LocalState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeState(state: LocalState): Promise<void> {
  await mkdir(STATE_DIR, { recursive: true });
  await writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Reads the state of a running `npm start`, or exits with a message saying to start it. */
export async function requireRunningState(): Promise<LocalState> {
  const state = await readState();
  if (!state) {
    console.error('No local stack found (.roster/local.json is missing). Start it first with: npm start');
    process.exit(1);
  }
  try {
    await fetch(state.env.AWS_ENDPOINT_URL_DYNAMODB!, { signal: AbortSignal.timeout(2_000) });
  } catch {
    console.error(`The local stack is not running (DynamoDB Local does not answer at ${state.env.AWS_ENDPOINT_URL_DYNAMODB}). Start it with: npm start`);
    process.exit(1);
  }
  return state;
}
