import { type User, isActiveAdmin } from './user.ts';

/** Kinds of bearer token Roster issues. The prefix keeps each kind out of the other's routes. */
export type TokenKind = 'api' | 'scim';

export interface TokenRecord {
  orgId: string;
  tokenId: string;
  kind: TokenKind;
  /** Owner of an admin API token. SCIM tokens have none; they act for the org while their creator may (see isScimTokenVouchedFor). */
  userId?: string;
  name: string;
  /** SHA-256 of the secret part, base64url. The secret itself is never stored. */
  secretHash: string;
  createdAt: string;
  /** User id of the admin who created the token, or the name of the operator when an operator function created it. */
  createdBy: string;
  expiresAt?: string;
}

/** A token as listed through the API: no hash, no secret. */
export type TokenSummary = Omit<TokenRecord, 'secretHash'>;

export function summarize(record: TokenRecord): TokenSummary {
  const { secretHash: _secretHash, ...summary } = record;
  return summary;
}

export function isExpired(record: Pick<TokenRecord, 'expiresAt'>, now: string): boolean {
  return record.expiresAt !== undefined && record.expiresAt <= now;
}

/** Checks whether the owner's record still accepts this token: a delete rejects every token created before it, even after a restore. */
export function isAcceptedBy(record: Pick<TokenRecord, 'createdAt'>, owner: { tokensValidFrom?: string }): boolean {
  return owner.tokensValidFrom === undefined || record.createdAt >= owner.tokensValidFrom;
}

/**
 * Checks whether the admin who created a SCIM token still vouches for it:
 * they must exist, be an active admin, and not have been deleted since the
 * token was created (a restore does not bring the token back). Otherwise a
 * suspended, demoted or deleted admin could use the token to restore their
 * own access through SCIM.
 */
export function isScimTokenVouchedFor(record: Pick<TokenRecord, 'createdAt'>, creator: User | undefined): boolean {
  return creator !== undefined && isActiveAdmin(creator) && isAcceptedBy(record, creator);
}

/**
 * Checks whether a JWT issued at `issuedAt` (its `iat`, in seconds since the
 * epoch) was issued to this user. It must not predate the user's creation, so
 * a token for a reused email does not reach the new user. It must not predate
 * their last delete either, so a restore does not bring old tokens back.
 * `iat` has whole seconds, so both times are compared in whole seconds.
 */
export function isJwtAcceptedBy(issuedAt: number, user: Pick<User, 'createdAt' | 'tokensValidFrom'>): boolean {
  const validFromMs = Math.max(Date.parse(user.createdAt), user.tokensValidFrom === undefined ? 0 : Date.parse(user.tokensValidFrom));
  // NOTE: a token issued in the same second as the delete, before it, is still accepted.
  return issuedAt >= Math.floor(validFromMs / 1000);
}
