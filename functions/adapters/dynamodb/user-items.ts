import type { Integration } from '#domain/integrations';
import { normalizeIntegrations } from '#domain/integrations';
import { type User, emailKey } from '#domain/user';
import { orgPk, userSk } from './keys.ts';

/** Attributes that belong to the key or the item's bookkeeping, never to the User. */
const ITEM_ONLY = new Set(['pk', 'sk', 'type']);

/** Stores `needsSync` as a string set so one integration can be removed atomically with DELETE; empty sets cannot be stored, so an empty list has no attribute. */
export function userToItem(user: User): Record<string, unknown> {
  const { needsSync, ...rest } = user;
  return {
    pk: orgPk(user.orgId),
    sk: userSk(user.userId),
    type: 'user',
    ...rest,
    emailKey: emailKey(user.email),
    ...(needsSync.length > 0 ? { needsSync: new Set(needsSync) } : {}),
  };
}

export function userFromItem(item: Record<string, unknown>): User {
  const user: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!ITEM_ONLY.has(name) && name !== 'emailKey' && name !== 'sync') user[name] = value;
  }
  const needsSync = item.needsSync instanceof Set ? (item.needsSync as Set<Integration>) : new Set<Integration>();
  user.needsSync = normalizeIntegrations(needsSync);
  return user as unknown as User;
}
