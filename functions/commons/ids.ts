import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '#domain/ports';

const nextUlid = monotonicFactory();

/** ULIDs: 26 characters, sortable by creation time, so lists and audit entries come out in time order. */
export const ulidGenerator: IdGenerator = { next: () => nextUlid() };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Whether `value` has the form of a ULID (26 characters of Crockford base32). */
export const isUlid = (value: string | undefined): value is string => value !== undefined && ULID.test(value);

export const systemClock: Clock = { now: () => new Date().toISOString() };
