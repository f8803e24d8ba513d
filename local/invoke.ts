import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROUTES, functionId } from '../functions/routes.ts';
import { WORKERS } from '../functions/workers.ts';
import { loadHandler } from './handlers.ts';
import { lambdaContext } from './lambda-context.ts';
import { requireRunningState } from './state.ts';

const USAGE = `Usage: npm run invoke -- <handler> [event file]

Runs one handler module with a sample event against the running local stack,
as the Lambda console's Test tab does. <handler> is a module under functions/
as named in the route table or functions/workers.ts (e.g. http/users/list).
The event file defaults to events/<handler>.json, the sample for that handler.
The text {{adminToken}} and {{orgId}} in the event are replaced with the
demo org's values from .roster/local.json; {{scimToken}} with a SCIM token
created for the demo org on each run.

Handlers: ${[...new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)])].join(', ')}`;

const [handlerName, eventArgument] = process.argv.slice(2);
if (!handlerName) {
  console.error(USAGE);
  process.exit(2);
}
const known = new Set([...ROUTES.map((route) => route.handler), ...WORKERS.map((worker) => worker.handler)]);
if (!known.has(handlerName)) {
  console.error(`Unknown handler ${handlerName}.\n\n${USAGE}`);
  process.exit(2);
}

const eventFile = eventArgument ?? `events/${handlerName}.json`;
const state = await requireRunningState();
Object.assign(process.env, state.env);
const template = await readFile(resolve(eventFile), 'utf8');
const scimToken = template.includes('{{scimToken}}') ? await createScimToken(state.demo.orgId) : '';
const event = JSON.parse(
  template.replaceAll('{{adminToken}}', state.demo.adminToken).replaceAll('{{orgId}}', state.demo.orgId).replaceAll('{{scimToken}}', scimToken),
);
const handler = await loadHandler(handlerName);
const result = await handler(event, lambdaContext(functionId(handlerName)));
console.log(JSON.stringify(result, null, 2));

/** Creates a SCIM token for the demo org, as an admin would with POST /v1/scim-tokens. */
async function createScimToken(orgId: string): Promise<string> {
  const { createToken } = await import('../functions/domain/token-service.ts');
  const { tokenServiceDeps } = await import('../functions/commons/dependencies.ts');
  const { token } = await createToken(tokenServiceDeps, { orgId, actor: { type: 'operator', name: 'invoke' }, channel: 'operator' }, { kind: 'scim', name: 'npm run invoke' });
  return token;
}
