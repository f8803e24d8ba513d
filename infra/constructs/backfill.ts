import type { ServiceContext } from '../stacks/service-stack.ts';

/** Adds the Per-integration credential secrets and grants for the backfill consumers. */
export function addBackfill(_context: ServiceContext): void {}
