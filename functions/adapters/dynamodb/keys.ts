/**
 * Single-table key design. Every partition key is `ORG#<orgId>`, so any read or
 * write built from these helpers stays inside one org. Keys never leave the
 * adapter: callers see ids, not `pk`/`sk`.
 */
export const orgPk = (orgId: string) => `ORG#${orgId}`;

export const ORG_SK = 'ORG';
export const USER_PREFIX = 'USER#';
export const userSk = (userId: string) => `${USER_PREFIX}${userId}`;
/** Uniqueness item for a lower-cased email; holds the owning user's id. */
export const emailSk = (emailKey: string) => `EMAIL#${emailKey}`;
/** Uniqueness item for a SCIM externalId (case-sensitive, as RFC 7643 defines it). */
export const externalIdSk = (externalId: string) => `EXTID#${externalId}`;
export const AUDIT_PREFIX = 'AUDIT#';
export const auditSk = (eventId: string) => `${AUDIT_PREFIX}${eventId}`;
export const API_TOKEN_PREFIX = 'APITOKEN#';
export const apiTokenSk = (tokenId: string) => `${API_TOKEN_PREFIX}${tokenId}`;
export const SCIM_TOKEN_PREFIX = 'SCIMTOKEN#';
export const scimTokenSk = (tokenId: string) => `${SCIM_TOKEN_PREFIX}${tokenId}`;

export interface Key {
  pk: string;
  sk: string;
}

export const key = (orgId: string, sk: string): Key => ({ pk: orgPk(orgId), sk });
