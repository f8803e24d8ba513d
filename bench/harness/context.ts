import type { BenchOptions } from './options.ts';
import type { BenchStack } from './stack.ts';

export interface BenchContext {
  options: BenchOptions;
  /** The local stack; started once for the sections that need it. */
  stack(): Promise<BenchStack>;
  /** Prints a progress line to stderr. */
  log(line: string): void;
}

/** Prints and returns the line a section shows for a figure it cannot measure on this branch. */
export function skipped(context: BenchContext, what: string, why: string): string {
  context.log(`${what}: skipped: ${why}`);
  return `${what}: skipped: ${why}`;
}
