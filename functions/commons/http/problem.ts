import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConcurrentUpdateError,
  ConflictError,
  DomainError,
  EmailTakenError,
  ExternalIdTakenError,
  ForbiddenError,
  InvalidStateError,
  LastAdminError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  VersionMismatchError,
} from '#domain/errors';

/** An error raised at the HTTP edge that has no domain meaning (bad JSON, wrong media type, body too large). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    /** The fields or headers at fault, listed like validation errors. */
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** RFC 9457 problem details, with `code` and `errors` as extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  instance?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

export function statusOf(error: DomainError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof VersionMismatchError) return 412;
  if (
    error instanceof EmailTakenError ||
    error instanceof ExternalIdTakenError ||
    error instanceof LastAdminError ||
    error instanceof InvalidStateError ||
    error instanceof ConflictError ||
    error instanceof ConcurrentUpdateError
  ) {
    return 409;
  }
  return 400;
}

/** Maps a caught error to a problem; anything unexpected becomes a 500 that reveals nothing but the request id. */
export function toProblem(error: unknown, requestId: string | undefined): Problem {
  if (error instanceof HttpError) {
    return {
      type: `urn:roster:problem:${error.code}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.issues ? { errors: error.issues } : {}),
    };
  }
  if (error instanceof DomainError) {
    const status = statusOf(error);
    return {
      type: `urn:roster:problem:${error.code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: error.message,
      code: error.code,
      ...(error instanceof ValidationError ? { errors: error.issues } : {}),
    };
  }
  return {
    type: 'urn:roster:problem:internal_error',
    title: TITLES[500]!,
    status: 500,
    detail: `The request failed on the server. Retry later; if it keeps failing, report request id ${requestId ?? 'unknown'}.`,
    code: 'internal_error',
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}
