import type { ServiceContext } from '../stacks/service-stack.ts';

/** Adds the Dashboard, alarms and their SNS topic. */
export function addMonitoring(_context: ServiceContext): void {}
