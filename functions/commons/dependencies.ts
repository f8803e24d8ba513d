import { DynamoAuditTrail } from '#adapters/dynamodb/audit-repository';
import { DynamoGroupRepository } from '#adapters/dynamodb/group-repository';
import { DynamoOrgRepository } from '#adapters/dynamodb/org-repository';
import { DynamoTokenRepository } from '#adapters/dynamodb/token-repository';
import { DynamoUserRepository } from '#adapters/dynamodb/user-repository';
import type { GroupServiceDeps } from '#domain/scim/group-service';
import type { TokenServiceDeps } from '#domain/token-service';
import type { UserServiceDeps } from '#domain/user-service';
import { documentClient } from './clients.ts';
import { systemClock, ulidGenerator } from './ids.ts';
import { issueToken } from './tokens.ts';

/** Adapters wired to the AWS clients, built once per container. Tests build their own against the emulators. */
export const users = new DynamoUserRepository(documentClient);
export const orgs = new DynamoOrgRepository(documentClient);
export const tokens = new DynamoTokenRepository(documentClient);

export const userServiceDeps: UserServiceDeps = { users, clock: systemClock, ids: ulidGenerator };

export const tokenServiceDeps: TokenServiceDeps = { tokens, clock: systemClock, ids: ulidGenerator, issue: issueToken };

export const auditTrail = new DynamoAuditTrail(documentClient);
export const groups = new DynamoGroupRepository(documentClient);

export const groupServiceDeps: GroupServiceDeps = { groups, users, clock: systemClock, ids: ulidGenerator };
