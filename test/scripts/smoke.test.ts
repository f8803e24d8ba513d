import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSmoke } from '../../scripts/smoke.ts';
import { apiUrl, createTestOrg } from '../support/api.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'smoke.ts');

/** Runs `npm run smoke` the way a person does, through the script's command line. */
async function smoke(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const smokeEmails = (users: { email: string }[]) => users.map((user) => user.email).filter((email) => email.startsWith('roster-smoke-'));

describe('smoke script', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('passes every step against the API', async () => {
    const { api, adminToken } = await createTestOrg();
    const result = await smoke('--url', apiUrl(), '--token', adminToken);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const step of ['list users', 'add user', 'read user', 'edit user', 'delete user']) {
      expect(result.stdout).toMatch(new RegExp(`^ok +${step} +\\d+ ms`, 'm'));
    }
    expect(result.stdout).toContain('Smoke test passed: 5 steps');
    // Nothing stays active: the throw-away user is only in the deleted list.
    expect(smokeEmails((await api.get('/v1/users')).body.users)).toEqual([]);
    expect(smokeEmails((await api.get('/v1/users?status=deleted')).body.users)).toHaveLength(1);
  });

  it('names the step that failed', async () => {
    const result = await smoke('--url', apiUrl(), '--token', 'rat.not-a-token');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL +list users +\d+ ms +expected HTTP 200, got 401/m);
    expect(result.stdout).toContain('Smoke test failed at step "list users"');
    expect(result.stdout).not.toContain('add user');
  });

  it('deletes the user when a later step fails', async () => {
    const { api, adminToken } = await createTestOrg();
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) =>
      init?.method === 'PATCH' ? Promise.resolve(new Response('{"message":"Internal Server Error"}', { status: 500 })) : realFetch(input, init),
    );
    const lines: string[] = [];
    const passed = await runSmoke({ url: apiUrl(), token: adminToken, print: (line) => lines.push(line) });
    vi.restoreAllMocks();
    expect(passed).toBe(false);
    expect(lines.join('\n')).toMatch(/^FAIL +edit user .*got 500: Internal Server Error/m);
    expect(lines.join('\n')).toMatch(/Deleted the throw-away user/);
    expect(smokeEmails((await api.get('/v1/users')).body.users)).toEqual([]);
  });

  it('rejects a missing --url with usage', async () => {
    const result = await smoke('--token', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --url');
  });
});
