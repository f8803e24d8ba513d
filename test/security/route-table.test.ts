import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/routes.ts';

/** Admin routes whose handler module is built with adminRoute, which exposes its spec. */
async function adminSpecs() {
  const specs = [];
  for (const route of ROUTES.filter((candidate) => candidate.auth === 'admin')) {
    const module = (await import(pathToFileURL(join(import.meta.dirname, '..', '..', 'functions', `${route.handler}.ts`)).href)) as {
      handler?: { routeSpec?: { idempotency?: boolean } };
    };
    specs.push({ route, spec: module.handler?.routeSpec });
  }
  return specs;
}

describe('route table', () => {
  it('matches each handler on Idempotency-Key', async () => {
    for (const { route, spec } of await adminSpecs()) {
      if (!spec) continue;
      // The table entry grants the idempotency table; the handler option uses it. One without the other fails at run time.
      expect(Boolean(spec.idempotency), routeKey(route)).toBe(Boolean(route.idempotency));
      if (spec.idempotency) expect(route.method, routeKey(route)).toBe('POST');
    }
  });
});
