import type { ActivityRecord, StoredRecord } from '#domain/backfill';
import type { Page } from '#domain/ports';
import { decodeCursor, encodeCursor } from '#commons/http/cursor';

/** A stored deal or call as the API returns it: the record, its owner and source, without the org id. */
export function activityResource<T extends ActivityRecord>(record: StoredRecord<T>) {
  const { orgId: _orgId, kind: _kind, ...resource } = record;
  return resource;
}

/** Reads one page of a user's deals or calls, with a cursor bound to the org, the kind and the owner. */
export async function activityPage<T extends ActivityRecord>(
  orgId: string,
  scope: string,
  cursor: string | undefined,
  read: (after: string | undefined) => Promise<Page<StoredRecord<T>>>,
) {
  const after = cursor ? await decodeCursor(orgId, scope, cursor) : undefined;
  const page = await read(after);
  return {
    items: page.items.map(activityResource),
    nextCursor: page.nextKey ? await encodeCursor(orgId, scope, page.nextKey) : null,
  };
}
