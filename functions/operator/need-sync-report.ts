import * as z from 'zod';
import type { Context } from 'aws-lambda';
import { INTEGRATIONS } from '#domain/integrations';
import { needSyncReport } from '#domain/need-sync-report';
import { orgs, users } from '#commons/dependencies';
import { withPowertools } from '#commons/middleware';
import { logger } from '#commons/powertools';
import { parseWith } from '#commons/http/parse';
import { id } from '#functions/http/schemas';

/** Time kept back to return the report after the last page. */
const RESERVED_MS = 5_000;

export const needSyncReportEvent = z
  .object({
    orgId: id('org'),
    integration: z.enum(INTEGRATIONS, `Must be one of ${INTEGRATIONS.join(', ')}.`).optional(),
    maxUsers: z.number('Must be a whole number from 0 to 5000.').int().min(0).max(5000).default(500),
  })
  .strict();

export type NeedSyncReportEvent = z.input<typeof needSyncReportEvent>;

/**
 * Operator function: reports an org's users who are still marked Need Sync,
 * with counts per integration. The report is the function's result; the log
 * gets the counts only, because the user list carries email addresses.
 */
export async function reportNeedSync(input: NeedSyncReportEvent, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const command = parseWith(needSyncReportEvent, input, 'body');
  logger.appendKeys({ orgId: command.orgId, ...(command.integration ? { integration: command.integration } : {}) });
  const report = await needSyncReport({ users, orgs }, command.orgId, {
    ...(command.integration ? { integration: command.integration } : {}),
    maxUsers: command.maxUsers,
    hasTimeLeft: () => context.getRemainingTimeInMillis() > RESERVED_MS,
  });
  logger.info('Need Sync report built', { counts: report.counts, complete: report.complete });
  return report;
}

export const handler = withPowertools(async (event: NeedSyncReportEvent, context: Context) => reportNeedSync(event, context));
