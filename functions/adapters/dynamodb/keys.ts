/**
 * Single-table key design. Every partition key is `ORG#<orgId>`, so any read or
 * write built from these helpers stays inside one org. Keys never leave the
 * adapter: callers see ids, not `pk`/`sk`.
 */
export const orgPk = (orgId: string) => `ORG#${orgId}`;

export const ORG_SK = 'ORG';
export const USER_PREFIX = 'USER#';
export const userSk = (userId: string) => `${USER_PREFIX}${userId}`;
/** Uniqueness item for a lower-cased email. It contains the owning user's id. */
export const emailSk = (emailKey: string) => `EMAIL#${emailKey}`;
/** Uniqueness item for a SCIM externalId (case-sensitive, as RFC 7643 defines it). */
export const externalIdSk = (externalId: string) => `EXTID#${externalId}`;
export const AUDIT_PREFIX = 'AUDIT#';
export const auditSk = (eventId: string) => `${AUDIT_PREFIX}${eventId}`;
export const API_TOKEN_PREFIX = 'APITOKEN#';
export const apiTokenSk = (tokenId: string) => `${API_TOKEN_PREFIX}${tokenId}`;
export const SCIM_TOKEN_PREFIX = 'SCIMTOKEN#';
export const scimTokenSk = (tokenId: string) => `${SCIM_TOKEN_PREFIX}${tokenId}`;
export const GROUP_PREFIX = 'GROUP#';
export const groupSk = (groupId: string) => `${GROUP_PREFIX}${groupId}`;
/** Uniqueness item for a lower-cased group display name. It contains the group's id. */
export const groupNameSk = (nameKey: string) => `GROUPNAME#${nameKey}`;
/** One item per group member, so members are added and removed without rewriting the group. */
export const GROUP_MEMBER_PREFIX = 'GMEMBER#';
export const groupMemberSk = (groupId: string, userId: string) => `${GROUP_MEMBER_PREFIX}${groupId}#${userId}`;

export interface Key {
  pk: string;
  sk: string;
}

export const key = (orgId: string, sk: string): Key => ({ pk: orgPk(orgId), sk });
