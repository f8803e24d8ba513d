import { App, Aspects, Tags } from 'aws-cdk-lib';
import { readConfig } from './config.ts';
import { acknowledgeStatefulFindings } from './constructs/security.ts';
import { ServiceStack } from './stacks/service-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';

/** Builds the Roster stacks for the stage named in context (`roster:stage`). */
export function buildApp(app: App = new App()) {
  const config = readConfig(app);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, `Roster-${config.stage}-Stateful`, { env, config });
  const service = new ServiceStack(app, `Roster-${config.stage}-Service`, {
    env,
    config,
    table: stateful.table,
    idempotencyTable: stateful.idempotencyTable,
    cursorKey: stateful.cursorKey,
    queues: stateful.queues,
  });
  acknowledgeStatefulFindings(stateful);
  Tags.of(app).add('project', 'roster');
  Tags.of(app).add('stage', config.stage);
  return { app, config, stateful, service, aspects: Aspects.of(app) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
