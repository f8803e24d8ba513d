import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalSigningKey, mintAccessToken } from './oidc-issuer.ts';
import { STATE_DIR, requireRunningState } from './state.ts';

const USAGE = `Usage: npm run mint-token -- --email admin@example.com [--org <orgId>] [--expires-in <seconds>]

Prints an OIDC access token signed by the local issuer that npm start runs,
for the user with that email. --org defaults to the demo org; --expires-in
is the lifetime in seconds (default 3600).`;

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    org: { type: 'string' },
    'expires-in': { type: 'string', default: '3600' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.email) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const expiresInSeconds = Number(values['expires-in']);
if (!Number.isInteger(expiresInSeconds)) {
  console.error(`--expires-in ${values['expires-in']} is invalid: give a whole number of seconds.`);
  process.exit(2);
}

const state = await requireRunningState();
if (!state.oidc) {
  console.error('The running local stack has no OIDC issuer. Restart it with: npm start');
  process.exit(1);
}
const key = JSON.parse(await readFile(join(STATE_DIR, 'oidc', 'signing-key.json'), 'utf8')) as LocalSigningKey;
const token = await mintAccessToken({
  issuer: state.oidc.issuer,
  audience: state.oidc.audience,
  key,
  orgId: values.org ?? state.demo.orgId,
  email: values.email,
  expiresInSeconds,
});
console.log(token);
