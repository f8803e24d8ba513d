/** Kinds of bearer token Roster issues. The prefix keeps each kind out of the other's routes. */
export type TokenKind = 'api' | 'scim';

export interface TokenRecord {
  orgId: string;
  tokenId: string;
  kind: TokenKind;
  /** Owner of an admin API token; SCIM tokens belong to the org, not to a user. */
  userId?: string;
  name: string;
  /** SHA-256 of the secret part, base64url. The secret itself is never stored. */
  secretHash: string;
  createdAt: string;
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
