import type { Org } from '#domain/org';
import type { User } from '#domain/user';

/** The user as the admin API returns it. */
export function userResource(user: User) {
  return {
    id: user.userId,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    role: user.role,
    status: user.status,
    needsSync: user.needsSync,
    welcomeEmail: user.welcomeEmail,
    ...(user.externalId === undefined ? {} : { externalId: user.externalId }),
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    ...(user.deletedAt === undefined ? {} : { deletedAt: user.deletedAt }),
  };
}

/** Weak ETag from the user's version; If-Match accepts it with or without the W/ prefix. */
export const etag = (user: Pick<User, 'version'>) => `W/"${user.version}"`;

export function settingsResource(org: Org) {
  return {
    orgId: org.orgId,
    name: org.name,
    welcomeEmailsDefault: org.settings.welcomeEmailsDefault,
    autoBackfill: org.settings.autoBackfill,
    adminGroupName: org.settings.adminGroupName ?? null,
    integrations: org.integrations,
  };
}
