import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../functions/commons/lambda-credentials.ts';

const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('lambda credentials provider', () => {
  it('builds without any credential variables', () => {
    for (const name of VARIABLES) delete process.env[name];
    expect(() => defaultProvider()).not.toThrow();
  });

  it('returns the environment credentials', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-example';
    process.env.AWS_SESSION_TOKEN = 'session-example';
    const credentials = await defaultProvider()();
    expect(credentials.accessKeyId).toBe('AKIDEXAMPLE');
    expect(credentials.secretAccessKey).toBe('secret-example');
    expect(credentials.sessionToken).toBe('session-example');
  });

  it('rejects when no source is set', async () => {
    for (const name of VARIABLES) delete process.env[name];
    await expect(defaultProvider()()).rejects.toThrow();
  });
});
