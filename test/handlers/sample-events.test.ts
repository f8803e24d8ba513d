import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { WORKERS } from '../../functions/workers.ts';
import { lambdaContext } from '../../local/lambda-context.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const handlers = [...new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)])];

describe('sample events', () => {
  it.each(handlers)('%s has a sample event', (handler) => {
    expect(existsSync(join(ROOT, 'events', `${handler}.json`))).toBe(true);
  });

  it('users list sample runs against the handler', async () => {
    const { createTestOrg } = await import('../support/api.ts');
    const { orgId, adminToken } = await createTestOrg();
    const template = await readFile(join(ROOT, 'events/http/users/list.json'), 'utf8');
    const event = JSON.parse(template.replaceAll('{{adminToken}}', adminToken).replaceAll('{{orgId}}', orgId));
    const { handler } = await import('../../functions/http/users/list.ts');
    const result = await handler(event, lambdaContext('HttpUsersList'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string).users).toHaveLength(1);
  });
});
