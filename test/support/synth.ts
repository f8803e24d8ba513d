import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';

let cached: ReturnType<typeof synthesize> | undefined;

/** Synthesizes the dev stage; `context` adds or replaces CDK context values. */
export function synthesize(context: Record<string, unknown> = {}) {
  // Skipping esbuild keeps the synth fast; `npx cdk synth` and the bench bundle for real.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'roster:stage': 'dev', 'roster:senderAddress': 'no-reply@example.com', 'roster:signInUrl': 'https://app.example.com/sign-in', ...context } });
  const built = buildApp(app);
  return {
    ...built,
    /** The stack constructs, for logical ids and the functions map; `stateful` and `service` are their templates. */
    stacks: { stateful: built.stateful, service: built.service },
    stateful: Template.fromStack(built.stateful),
    service: Template.fromStack(built.service),
  };
}

/** Synthesizes the dev stage once per test file and returns the templates. */
export function templates() {
  cached ??= synthesize();
  return cached;
}
