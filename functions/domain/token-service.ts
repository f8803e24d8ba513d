import { type AuditEntry, type CallerContext, auditEntry } from './audit.ts';
import { ValidationError } from './errors.ts';
import type { Clock, IdGenerator } from './ports.ts';
import type { TokenKind, TokenRecord } from './tokens.ts';

export interface TokenRepository {
  create(record: TokenRecord, audit: AuditEntry): Promise<void>;
  list(kind: TokenKind, orgId: string, userId?: string): Promise<TokenRecord[]>;
  delete(kind: TokenKind, orgId: string, tokenId: string, audit: AuditEntry, userId?: string): Promise<void>;
}

export interface TokenServiceDeps {
  tokens: TokenRepository;
  clock: Clock;
  ids: IdGenerator;
  /** Creates the bearer string and the hash to store; kept out of the domain because it needs a CSPRNG. */
  issue: (kind: TokenKind, ids: { orgId: string; userId?: string; tokenId: string }) => { token: string; secretHash: string };
}

/** Creates a token and returns its record with the bearer string, which is shown this once and never stored. */
export async function createToken(
  deps: TokenServiceDeps,
  caller: CallerContext,
  input: { kind: TokenKind; name: string; userId?: string; expiresAt?: string },
): Promise<{ record: TokenRecord; token: string }> {
  const now = deps.clock.now();
  if (input.expiresAt !== undefined && new Date(input.expiresAt).toISOString() <= now) {
    throw new ValidationError('The token would already be expired.', [{ field: 'expiresAt', message: 'Must be in the future.' }]);
  }
  const tokenId = deps.ids.next();
  const { token, secretHash } = deps.issue(input.kind, { orgId: caller.orgId, tokenId, ...(input.userId ? { userId: input.userId } : {}) });
  const record: TokenRecord = {
    orgId: caller.orgId,
    tokenId,
    kind: input.kind,
    ...(input.userId ? { userId: input.userId } : {}),
    name: input.name,
    secretHash,
    createdAt: now,
    createdBy: actorId(caller),
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
  };
  await deps.tokens.create(record, tokenAudit(deps, caller, `${input.kind}_token.created`, tokenId, { name: input.name, expiresAt: record.expiresAt ?? null }));
  return { record, token };
}

export async function revokeToken(deps: TokenServiceDeps, caller: CallerContext, kind: TokenKind, tokenId: string, ownerId?: string): Promise<void> {
  await deps.tokens.delete(kind, caller.orgId, tokenId, tokenAudit(deps, caller, `${kind}_token.revoked`, tokenId, {}), ownerId);
}

function actorId(caller: CallerContext): string {
  const { actor } = caller;
  return actor.type === 'user' ? actor.userId : actor.type === 'scim' ? actor.tokenId : actor.name;
}

function tokenAudit(deps: Pick<TokenServiceDeps, 'clock' | 'ids'>, caller: CallerContext, action: string, tokenId: string, after: Record<string, unknown>) {
  const changes = Object.fromEntries(Object.entries(after).map(([field, value]) => [field, { before: null, after: value }]));
  return auditEntry(deps, caller, action, { type: 'token', id: tokenId }, changes);
}
