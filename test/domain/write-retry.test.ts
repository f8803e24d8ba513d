import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError, VersionMismatchError } from '../../functions/domain/errors.ts';
import { MAX_WRITE_ATTEMPTS, retryConcurrentWrites, retryWaitMs } from '../../functions/domain/write-retry.ts';
import { toProblem } from '../../functions/commons/http/problem.ts';

describe('retryConcurrentWrites', () => {
  it('retries a lost race until it wins', async () => {
    const attempts: number[] = [];
    const result = await retryConcurrentWrites('User X', undefined, async (attempt) => {
      attempts.push(attempt);
      if (attempt < 4) throw new VersionMismatchError('X', attempt);
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('raises concurrent_update when attempts run out', async () => {
    let calls = 0;
    const failed = retryConcurrentWrites('User X', undefined, async () => {
      calls++;
      throw new VersionMismatchError('X', 1);
    });
    await expect(failed).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(calls).toBe(MAX_WRITE_ATTEMPTS);
  });

  it('does not retry with If-Match', async () => {
    let calls = 0;
    const failed = retryConcurrentWrites('User X', 3, async () => {
      calls++;
      throw new VersionMismatchError('X', 3);
    });
    await expect(failed).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(failed).rejects.not.toBeInstanceOf(ConcurrentUpdateError);
    expect(calls).toBe(1);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const failed = retryConcurrentWrites('User X', undefined, async () => {
      calls++;
      throw new Error('table unavailable');
    });
    await expect(failed).rejects.toThrow('table unavailable');
    expect(calls).toBe(1);
  });

  it('keeps waits within the bound', () => {
    expect(retryWaitMs(1, () => 0.999)).toBeLessThan(4);
    expect(retryWaitMs(3, () => 0.999)).toBe(15);
    expect(retryWaitMs(9, () => 0.999)).toBe(79);
    expect(retryWaitMs(9, () => 0)).toBe(0);
  });
});

describe('concurrent_update problem', () => {
  it('maps to 409 with a retry hint', () => {
    const problem = toProblem(new ConcurrentUpdateError('User X', MAX_WRITE_ATTEMPTS), 'request-1');
    expect(problem.status).toBe(409);
    expect(problem.code).toBe('concurrent_update');
    expect(problem.detail).toBe(`User X was changed by concurrent requests during all ${MAX_WRITE_ATTEMPTS} attempts to apply this change. Retry the request.`);
  });
});
