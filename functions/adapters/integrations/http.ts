import type * as z from 'zod';
import { BackfillError } from '#domain/backfill';
import type { Integration } from '#domain/integrations';
import { logger } from '#commons/powertools';

/** Attempts of one provider request that keeps returning 429 before the backfill fails and SQS retries it later. */
const MAX_ATTEMPTS = 4;
/** A Retry-After longer than this (seconds) is not waited out inside the Lambda; SQS retries the message instead. */
const MAX_RETRY_AFTER_SECONDS = 30;
const REQUEST_TIMEOUT_MS = 15_000;

/** Environment variable that replaces a provider's base URL; the local stack points it at the fake providers. */
export const providerUrlVariable = (integration: Integration) => `ROSTER_PROVIDER_URL_${integration.toUpperCase()}`;

export function providerBaseUrl(integration: Integration, fallback: string): string {
  return process.env[providerUrlVariable(integration)] || fallback;
}

export interface ProviderRequest {
  integration: Integration;
  url: string;
  method?: 'GET' | 'POST';
  authorization: string;
  body?: unknown;
  /** Value returned instead of failing on a 404, because Gong returns 404 for a filter that matches no calls. */
  notFoundAs?: unknown;
}

/** Parses Retry-After in seconds or as an HTTP date (RFC 9110); absent or invalid means 1 second. */
function retryAfterSeconds(header: string | null): number {
  if (header === null) return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Maps an error that fetch threw to a fixed message naming only the provider
 * and the kind of failure. The error's own message can repeat request headers,
 * and so the credentials, so it goes neither into the message (which is stored
 * as the user's sync reason) nor into the log, which gets its name and cause code.
 */
function requestFailed(integration: Integration, error: unknown): BackfillError {
  const name = error instanceof Error ? error.name : typeof error;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  logger.warn('Provider request failed', { integration, errorName: name, ...(causeCode === undefined ? {} : { causeCode }), timedOut });
  if (timedOut) return new BackfillError('provider_unavailable', `${integration} did not respond within ${REQUEST_TIMEOUT_MS / 1000} s; the backfill will be retried.`);
  return new BackfillError('provider_unavailable', `The request to ${integration} failed before a response (network or request error); the backfill will be retried.`);
}

/**
 * Sends one request to a provider and validates the JSON response with
 * `schema`. Waits out 429 responses for the Retry-After time, up to a limit. Maps
 * 401 and 403 to `provider_auth_failed`, other failures and network errors to
 * `provider_unavailable`, and a body that does not match to `provider_response_invalid`.
 */
export async function providerJson<T>(request: ProviderRequest, schema: z.ZodType<T>): Promise<T> {
  const { integration } = request;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method ?? 'GET',
        headers: {
          authorization: request.authorization,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw requestFailed(integration, error);
    }

    if (response.status === 429) {
      const wait = retryAfterSeconds(response.headers.get('retry-after'));
      await response.body?.cancel();
      if (attempt >= MAX_ATTEMPTS || wait > MAX_RETRY_AFTER_SECONDS) {
        throw new BackfillError('provider_unavailable', `${integration} is rate limiting requests (429, Retry-After ${wait} s); the backfill will be retried.`);
      }
      logger.info('Provider rate limited the request; waiting', { integration, attempt, retryAfterSeconds: wait });
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new BackfillError('provider_auth_failed', `${integration} rejected the stored credentials (HTTP ${response.status}); connect the integration again with valid credentials.`);
    }
    if (response.status === 404 && request.notFoundAs !== undefined) {
      await response.body?.cancel();
      return schema.parse(request.notFoundAs);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new BackfillError('provider_unavailable', `${integration} returned HTTP ${response.status}; the backfill will be retried.`);
    }

    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new BackfillError('provider_response_invalid', `${integration} sent a response that is not JSON.`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))].slice(0, 5).join(', ');
      throw new BackfillError('provider_response_invalid', `${integration} sent a response of an unexpected shape (fields: ${fields}).`);
    }
    return parsed.data;
  }
}

export const bearer = (token: string) => `Bearer ${token}`;

/** A connector stops after this many pages of one listing, because a provider that keeps returning a next page would otherwise loop forever. */
export const MAX_PAGES = 200;

export function tooManyPages(integration: Integration): BackfillError {
  return new BackfillError('provider_response_invalid', `${integration} returned more than ${MAX_PAGES} pages for one user's last 30 days.`);
}
