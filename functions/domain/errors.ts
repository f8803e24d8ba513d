/**
 * Domain errors. Each carries a stable machine-readable `code`; the HTTP layer
 * maps the classes to status codes in one place (commons/http/problem.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  /** Dotted path of the failing field, for example `userIds.3` or `email`. */
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

export class UserNotFoundError extends NotFoundError {
  constructor(readonly userId: string) {
    super(`No user with id ${userId} exists in this org.`);
  }
}

export class EmailTakenError extends DomainError {
  readonly code = 'email_taken';
  constructor(readonly email: string) {
    super(`Another user in this org already has the email ${email}. Use a different email or edit that user.`);
  }
}

export class ExternalIdTakenError extends DomainError {
  readonly code = 'external_id_taken';
  constructor(readonly externalId: string) {
    super(`Another user in this org already has the externalId ${externalId}.`);
  }
}

export class LastAdminError extends DomainError {
  readonly code = 'last_admin';
  constructor(readonly userId: string) {
    super(
      `User ${userId} is the org's last active admin, so they cannot be demoted, suspended or deleted. Promote another user to admin first.`,
    );
  }
}

export class InvalidStateError extends DomainError {
  readonly code = 'invalid_state';
}

/** A conditional write lost against a newer version (ETag / If-Match). */
export class VersionMismatchError extends DomainError {
  readonly code = 'version_mismatch';
  constructor(
    readonly userId: string,
    readonly expected: number,
  ) {
    super(
      `User ${userId} has changed since version ${expected}. Fetch the user again and retry with the new ETag.`,
    );
  }
}

/**
 * A write without If-Match that kept losing to concurrent writes of the same
 * record until its retries ran out. Unlike VersionMismatchError, the client
 * sent no stale version, so retrying the same request is the fix.
 */
export class ConcurrentUpdateError extends DomainError {
  readonly code = 'concurrent_update';
  constructor(
    readonly resource: string,
    readonly attempts: number,
  ) {
    super(`${resource} was changed by concurrent requests during all ${attempts} attempts to apply this change. Retry the request.`);
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** A conflict that is not one of the specific cases above. */
export class ConflictError extends DomainError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
