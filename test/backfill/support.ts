import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { providerUrlVariable } from '../../functions/adapters/integrations/http.ts';
import type { Integration } from '../../functions/domain/integrations.ts';
import { FAKE_CREDENTIALS } from '../../local/fake-providers/index.ts';
import type { ApiClient } from '../support/api.ts';

export { FAKE_CREDENTIALS };

/** Creates a unique example.com address, seeded at every fake provider with `records` recent records each. */
export async function seededEmail(local: string, records = 5): Promise<string> {
  const email = `${local}-${randomUUID().slice(0, 8)}@example.com`;
  for (const integration of ['salesforce', 'hubspot', 'gong', 'salesloft'] as Integration[]) await fakeControl(integration, 'PUT', 'users', { email, records });
  return email;
}

/** Calls a fake provider's control endpoint. */
export async function fakeControl(integration: Integration, method: string, path: string, body?: unknown) {
  const response = await fetch(`${process.env[providerUrlVariable(integration)]}/_fake/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** Re-reads until `check` passes; the queue pollers run in the background, so results arrive after the request returns. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, attempts = 150): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < attempts && !check(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

export async function connectBoth(api: ApiClient, integrations: Integration[]) {
  for (const integration of integrations) {
    const response = await api.put(`/v1/integrations/${integration}`, FAKE_CREDENTIALS[integration]);
    if (response.status >= 300) throw new Error(`Connecting ${integration} failed: ${response.text}`);
  }
}

export const syncOf = async (api: ApiClient, userId: string) => (await api.get(`/v1/users/${userId}/sync`)).body;

export const statusOf = (body: { integrations: { integration: string; status: string }[] }, integration: Integration) =>
  body.integrations.find((entry) => entry.integration === integration)?.status;

/** Reads the dead-letter queue without hiding its messages from other tests. */
export async function deadLetters(queue: string): Promise<string[]> {
  const client = new SQSClient({});
  const url = inject('stack').queueUrls[`${queue}-dlq`]!;
  const bodies = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
    for (const message of Messages) bodies.add(message.Body ?? '');
  }
  client.destroy();
  return [...bodies];
}
