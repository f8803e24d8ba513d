import { ConcurrentUpdateError, VersionMismatchError } from './errors.ts';

/**
 * How many times a write without If-Match re-reads and re-applies its change
 * after losing a race. Each attempt has one winner among the writers that
 * collided, so 20 writers to one record need up to 20 rounds. The waits add
 * up to at most 1.7 s, plus the time the attempts themselves take.
 */
export const MAX_WRITE_ATTEMPTS = 25;

/** Upper bound of the first wait between attempts, in milliseconds; it doubles per attempt up to MAX_WAIT_MS. */
const BASE_WAIT_MS = 4;
const MAX_WAIT_MS = 80;

/** Returns a random wait before attempt `attempt + 1` ("full jitter"), so writers that collided spread out instead of colliding again. */
export function retryWaitMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_WAIT_MS, BASE_WAIT_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `write`, which reads a record, applies a change and saves it with a
 * version condition, until it succeeds. A VersionMismatchError means another
 * write won the race:
 * - with `expectedVersion` (If-Match) it propagates, because the client's
 *   version is stale and only the client can decide what to do;
 * - without it, `write` runs again after a jittered wait, at most
 *   MAX_WRITE_ATTEMPTS times in all, and then ConcurrentUpdateError naming
 *   `resource` is raised.
 * `write` gets the attempt number, starting at 1. Other errors propagate at once.
 */
export async function retryConcurrentWrites<T>(
  resource: string,
  expectedVersion: number | undefined,
  write: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(attempt);
    } catch (error) {
      if (!(error instanceof VersionMismatchError) || expectedVersion !== undefined) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new ConcurrentUpdateError(resource, attempt);
    }
    await new Promise((resolve) => setTimeout(resolve, retryWaitMs(attempt)));
  }
}
