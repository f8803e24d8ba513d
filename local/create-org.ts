import { parseArgs } from 'node:util';
import { requireRunningState } from './state.ts';

const USAGE = 'Usage: npm run create-org -- --name "Acme" --admin-email admin@acme.example [--given-name Ann] [--family-name Lee]';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'admin-email': { type: 'string' },
    'given-name': { type: 'string' },
    'family-name': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.name || !values['admin-email']) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const state = await requireRunningState();
Object.assign(process.env, state.env, { POWERTOOLS_LOG_LEVEL: 'WARN' });
// The same function a deployment runs from the Lambda console's Test tab.
const { createOrgWithAdmin } = await import('../functions/operator/create-org.ts');
try {
  const created = await createOrgWithAdmin({
    name: values.name,
    adminEmail: values['admin-email'],
    ...(values['given-name'] ? { adminGivenName: values['given-name'] } : {}),
    ...(values['family-name'] ? { adminFamilyName: values['family-name'] } : {}),
    operator: 'npm run create-org',
  });
  console.log(`Org created.
  Org id       ${created.orgId}
  Admin email  ${created.adminEmail}
  Admin token  ${created.adminToken}
The token is shown once; Roster stores only its hash.`);
} catch (error) {
  const issues = (error as { issues?: { field: string; message: string }[] }).issues;
  console.error(`create-org failed: ${(error as Error).message}`);
  for (const issue of issues ?? []) console.error(`  ${issue.field}: ${issue.message}`);
  process.exit(1);
}
