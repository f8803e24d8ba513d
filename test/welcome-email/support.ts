import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** A recipient address no other test uses, so counting its mail in the shared SES emulator is exact. */
export const uniqueAddress = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

/** Mail the SES emulator holds for `address`, read from its `/store` endpoint. */
export async function emailsTo(address: string, sesUrl = inject('stack').sesUrl): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.some((to) => to.includes(address)));
}

/**
 * Calls `read` every `intervalMs` until `done` accepts its result, and returns
 * that result; fails with the last result after `timeoutMs`.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
