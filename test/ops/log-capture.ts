import { vi } from 'vitest';

/**
 * Captures what the process writes to stdout and stderr, where the
 * Powertools Logger (outside POWERTOOLS_DEV) and Metrics (as EMF) write one
 * JSON document per line, as Lambda forwards them to CloudWatch Logs.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const record = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(record);
  return {
    text: () => chunks.join(''),
    /** Every JSON line written so far, parsed. */
    entries: (): Record<string, any>[] =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
    clear: () => {
      chunks.length = 0;
    },
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

/** Log entries only, without the EMF metric documents. */
export const logEntries = (entries: Record<string, any>[]) => entries.filter((entry) => entry._aws === undefined);
/** EMF metric documents only. */
export const metricDocuments = (entries: Record<string, any>[]) => entries.filter((entry) => entry._aws !== undefined);
