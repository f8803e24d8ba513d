import * as z from 'zod';
import type { Context } from 'aws-lambda';
import { INTEGRATIONS } from '#domain/integrations';
import { createOrg } from '#domain/org-service';
import { createToken } from '#domain/token-service';
import { orgs, tokenServiceDeps } from '#commons/dependencies';
import { systemClock, ulidGenerator } from '#commons/ids';
import { withPowertools } from '#commons/middleware';
import { logger } from '#commons/powertools';
import { parseWith } from '#commons/http/parse';
import { email, personName } from '#functions/http/schemas';

export const createOrgEvent = z
  .object({
    name: z.string().trim().min(1).max(200),
    adminEmail: email,
    adminGivenName: personName.default('Admin'),
    adminFamilyName: personName.default('User'),
    integrations: z.array(z.enum(INTEGRATIONS)).max(INTEGRATIONS.length).optional(),
    welcomeEmailsDefault: z.boolean().optional(),
    /** Who runs this, for the audit trail; the Lambda console does not say. */
    operator: z.string().trim().min(1).max(200).default('operator'),
  })
  .strict();

export type CreateOrgEvent = z.input<typeof createOrgEvent>;

/**
 * Operator function: creates an org with its first admin and returns a
 * one-time admin API token. Run it from the Lambda console's Test tab with
 * events/create-org.json, or locally with `npm run create-org`.
 */
export async function createOrgWithAdmin(input: CreateOrgEvent) {
  const command = parseWith(createOrgEvent, input, 'body');
  const { org, admin } = await createOrg({ orgs, clock: systemClock, ids: ulidGenerator }, command.operator, command);
  const { token } = await createToken(
    tokenServiceDeps,
    { orgId: org.orgId, actor: { type: 'operator', name: command.operator }, channel: 'operator' },
    { kind: 'api', name: 'first admin token', userId: admin.userId },
  );
  logger.info('Org created', { orgId: org.orgId, adminUserId: admin.userId });
  return { orgId: org.orgId, name: org.name, adminUserId: admin.userId, adminEmail: admin.email, adminToken: token };
}

export const handler = withPowertools(async (event: CreateOrgEvent, _context: Context) => createOrgWithAdmin(event));
