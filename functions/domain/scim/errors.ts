import { DomainError } from '../errors.ts';
import { readableTextProblem } from '../text.ts';

/** The `scimType` values RFC 7644 section 3.12 defines for 400 and 409 responses. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'mutability' | 'uniqueness' | 'tooMany';

/**
 * A request that SCIM rejects with 400 and a `scimType`. The code carries the
 * type (`scim_invalidFilter`), so the SCIM error formatter can recover it.
 */
export class ScimRequestError extends DomainError {
  readonly code: string;
  constructor(
    readonly scimType: ScimType,
    message: string,
  ) {
    super(message);
    this.code = `scim_${scimType}`;
  }
}

/** Rejects text that people will read (names, external ids) when it breaks the human-readable text rule, naming the attribute. */
export function checkReadableText(attribute: string, value: string): void {
  const problem = readableTextProblem(value);
  if (problem !== undefined) throw new ScimRequestError('invalidValue', `${attribute} ${problem}.`);
}
