import type { ServiceContext } from '../stacks/service-stack.ts';

/**
 * Adds backfill resources beyond the generic ones. The queues, consumers and
 * their grants come from functions/workers/backfill/definition.ts: each
 * consumer's `secrets` entry `integrations/*\/<integration>` lets it read only
 * its own integration's credentials, and the connect and disconnect routes
 * write `integrations/*`.
 */
export function addBackfill(_context: ServiceContext): void {}
