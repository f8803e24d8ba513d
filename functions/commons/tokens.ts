import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenKind } from '#domain/tokens';
import { isUlid } from './ids.ts';

const PREFIX: Record<TokenKind, string> = { api: 'rat', scim: 'rsc' };
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface ParsedToken {
  kind: TokenKind;
  orgId: string;
  /** Present in admin API tokens, so the owner can be read in the same DynamoDB call as the token. */
  userId?: string;
  tokenId: string;
  secret: string;
}

/**
 * Builds a bearer token: `rat.<orgId>.<userId>.<tokenId>.<secret>` for admin API
 * tokens, `rsc.<orgId>.<tokenId>.<secret>` for SCIM tokens. The secret is 256
 * random bits; only its SHA-256 is stored, which suffices because it is not guessable.
 */
export function issueToken(kind: TokenKind, ids: { orgId: string; userId?: string; tokenId: string }): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  const parts = kind === 'api' ? [PREFIX.api, ids.orgId, ids.userId!, ids.tokenId, secret] : [PREFIX.scim, ids.orgId, ids.tokenId, secret];
  return { token: parts.join('.'), secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Parses a bearer token of either kind; returns undefined for anything malformed. */
export function parseToken(token: string): ParsedToken | undefined {
  const parts = token.split('.');
  if (parts[0] === PREFIX.api && parts.length === 5) {
    const [, orgId, userId, tokenId, secret] = parts as [string, string, string, string, string];
    if (![orgId, userId, tokenId].every(isUlid) || !SECRET.test(secret)) return undefined;
    return { kind: 'api', orgId, userId, tokenId, secret };
  }
  if (parts[0] === PREFIX.scim && parts.length === 4) {
    const [, orgId, tokenId, secret] = parts as [string, string, string, string];
    if (![orgId, tokenId].every(isUlid) || !SECRET.test(secret)) return undefined;
    return { kind: 'scim', orgId, tokenId, secret };
  }
  return undefined;
}

/** Reads the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
