import { createHash } from 'node:crypto';

/** A user known to a fake provider, with the deals or calls it returns for them. */
export interface FakeUser {
  id: string;
  email: string;
  records: FakeRecord[];
}

export interface FakeRecord {
  id: string;
  title: string;
  amount: number;
  stage: string;
  closeDate: string;
  /** Last change of a deal, or start of a call (ISO 8601). */
  at: string;
  durationSeconds: number;
}

/** A fault the next data requests for one user get: an HTTP status, a malformed body, or a hold until released. */
export type FaultKind = 429 | 500 | 'malformed' | 'hold';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Users every fake provider contains from the start: the demo admin and the users of the README walk-through. */
export const DEMO_EMAILS = ['admin@example.com', 'ann@example.com', 'ann.lee@example.com', 'bo@example.com'];

/** Records seeded per user: this many in the last 30 days, plus one older that a backfill must not fetch. */
export const DEFAULT_RECENT_RECORDS = 5;

const DAY_MS = 86_400_000;

/** In-memory data and fault injection of one fake provider. */
export class FakeProviderState {
  private readonly byEmail = new Map<string, FakeUser>();
  private readonly byId = new Map<string, FakeUser>();
  private readonly faults = new Map<string, { kind: FaultKind; remaining: number }>();
  private readonly holds = new Map<string, { waiting: number; release: Promise<void>; open: () => void }>();
  private readonly dataRequests = new Map<string, number>();

  constructor(private readonly idFor: (email: string) => string) {
    for (const email of DEMO_EMAILS) this.seed(email, DEFAULT_RECENT_RECORDS);
  }

  /** Adds or replaces a user with `recent` records in the last 30 days and one from 45 days ago. */
  seed(email: string, recent: number): FakeUser {
    const id = this.idFor(email.toLowerCase());
    const now = Date.now();
    const records: FakeRecord[] = [];
    for (let index = 0; index <= recent; index++) {
      const old = index === recent;
      const at = new Date(now - (old ? 45 : index + 1) * DAY_MS).toISOString();
      records.push({
        id: `${id}R${index}`,
        title: `${old ? 'Old' : 'Recent'} ${index + 1} for ${email}`,
        amount: 1000 * (index + 1),
        stage: index % 2 === 0 ? 'Prospecting' : 'Negotiation',
        closeDate: new Date(now + 30 * DAY_MS).toISOString().slice(0, 10),
        at,
        durationSeconds: 600 + index,
      });
    }
    const user = { id, email, records };
    this.byEmail.set(email.toLowerCase(), user);
    this.byId.set(id, user);
    return user;
  }

  userByEmail = (email: string) => this.byEmail.get(email.toLowerCase());
  userById = (id: string) => this.byId.get(id);
  users = () => [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));

  setFault(email: string, kind: FaultKind, times: number): void {
    this.faults.set(email.toLowerCase(), { kind, remaining: times });
  }

  /** Applies the user's pending fault to one data request: returns the response to send instead, or waits out a hold. */
  async beforeData(user: FakeUser): Promise<FakeResponse | undefined> {
    const key = user.email.toLowerCase();
    this.dataRequests.set(key, (this.dataRequests.get(key) ?? 0) + 1);
    const fault = this.faults.get(key);
    if (!fault || fault.remaining <= 0) return undefined;
    fault.remaining--;
    if (fault.kind === 'hold') {
      const hold = this.hold(key);
      hold.waiting++;
      await hold.release;
      return undefined;
    }
    if (fault.kind === 429) return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Rate limit exceeded' } };
    if (fault.kind === 500) return { status: 500, body: { message: 'Internal error' } };
    return { status: 200, body: { unexpected: 'shape' } };
  }

  private hold(key: string) {
    let found = this.holds.get(key);
    if (!found) {
      let open = () => undefined as void;
      const release = new Promise<void>((resolve) => (open = resolve));
      found = { waiting: 0, release, open };
      this.holds.set(key, found);
    }
    return found;
  }

  release(email: string): void {
    const key = email.toLowerCase();
    this.holds.get(key)?.open();
    this.holds.delete(key);
    this.faults.delete(key);
  }

  requestCounts(email: string) {
    const key = email.toLowerCase();
    return { dataRequests: this.dataRequests.get(key) ?? 0, held: this.holds.get(key)?.waiting ?? 0 };
  }

  /** Releases every hold, so a stopping server leaves no request waiting. */
  releaseAll(): void {
    for (const key of [...this.holds.keys()]) this.release(key);
  }
}

/** Derives a stable provider id from an email, in the provider's id style. */
export function stableId(prefix: string, email: string, length = 15): string {
  return prefix + createHash('sha256').update(email).digest('hex').slice(0, length - prefix.length);
}

/** Records within the window, newest first. */
export function recordsSince(user: FakeUser, since: number): FakeRecord[] {
  return user.records.filter((record) => Date.parse(record.at) >= since).sort((a, b) => b.at.localeCompare(a.at));
}
