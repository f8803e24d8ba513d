import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '#domain/ports';

const nextUlid = monotonicFactory();

/** ULIDs: 26 characters, sortable by creation time, so lists and audit entries come out in time order. */
export const ulidGenerator: IdGenerator = { next: () => nextUlid() };

export const systemClock: Clock = { now: () => new Date().toISOString() };
