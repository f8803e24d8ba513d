import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { ValidationError } from '#domain/errors';
import { dynamodb } from '#commons/clients';
import { requireEnv } from '#commons/config';
import { HttpError } from './problem.ts';

/** The request header, as the IETF httpapi draft "The Idempotency-Key HTTP Header Field" names it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Response header that marks a stored response sent again for a retried key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** How long a key and its stored response are kept: a retry after this runs the request again. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** Visible ASCII, 1 to 255 characters: a UUID or any client-chosen string without spaces. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const FIELD = 'Idempotency-Key';

/** A response as stored for a key: JSON, so Powertools can keep it in DynamoDB. */
export interface StoredResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Scope {
  orgId: string;
  callerId: string;
  /** API Gateway route key, `POST /v1/users`. */
  routeKey: string;
  key: string;
}

type Run = () => Promise<StoredResult>;

let idempotentRun: ((data: { key: string; body: unknown }, run: Run) => Promise<StoredResult>) | undefined;
let config: IdempotencyConfig | undefined;

function idempotent() {
  if (!idempotentRun) {
    config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
      responseHook: (response) => {
        const stored = response as unknown as StoredResult;
        return { ...stored, headers: { ...stored.headers, [REPLAYED_HEADER]: 'true' } } as never;
      },
    });
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: requireEnv('ROSTER_IDEMPOTENCY_TABLE_NAME'), awsSdkV3Client: dynamodb });
    idempotentRun = makeIdempotent(async (_data: { key: string; body: unknown }, run: Run) => run(), {
      persistenceStore,
      config,
      keyPrefix: 'roster-admin-api',
      dataIndexArgument: 0,
    });
  }
  return { run: idempotentRun, config: config! };
}

/** Reads and checks the Idempotency-Key header; returns undefined when the request has none. */
export function idempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const value = headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (!KEY_PATTERN.test(value)) {
    throw new ValidationError('The Idempotency-Key header is invalid.', [
      { field: FIELD, message: 'Invalid Idempotency-Key: send 1 to 255 visible ASCII characters without spaces, such as a UUID.' },
    ]);
  }
  return value;
}

/**
 * Runs a POST once per key: the key is stored with the org, the caller and
 * the route, so two callers never share a key. A retry with the same key and
 * the same `fingerprint` (parsed path parameters and body) gets the first response again, marked with
 * `Idempotent-Replayed: true`. A failed request stores nothing, so it can be
 * retried with the same key.
 */
export async function runOnce(scope: Scope, fingerprint: unknown, context: Context, run: Run): Promise<StoredResult> {
  const { run: idempotentFn, config: idempotencyConfig } = idempotent();
  idempotencyConfig.registerLambdaContext(context);
  const key = [scope.orgId, scope.callerId, scope.routeKey, scope.key].join('\n');
  try {
    return await idempotentFn({ key, body: fingerprint }, run);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new HttpError(422, 'idempotency_key_reused', 'Unprocessable Content', 'This Idempotency-Key was already used with a different request.', [
        { field: FIELD, message: 'Already used with another path or body: send a new key for a new request, or resend the first request unchanged.' },
      ]);
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new HttpError(409, 'idempotency_in_progress', 'Conflict', 'A request with this Idempotency-Key is still being processed.', [
        { field: FIELD, message: 'A request with this key is in progress: retry after it has finished.' },
      ]);
    }
    throw error;
  }
}

/** Raised when a POST route that does not store responses by key receives the header. */
export function idempotencyNotSupported(): ValidationError {
  return new ValidationError('This route does not accept an Idempotency-Key.', [
    {
      field: FIELD,
      message: 'Not supported on this route, because its response is shown once and never stored: remove the header.',
    },
  ]);
}
