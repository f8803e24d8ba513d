import { salesforceConnector } from '#adapters/integrations/salesforce';
import { backfillConsumer } from './consumer.ts';

/** Consumer of the backfill-salesforce queue. */
export const handler = backfillConsumer('salesforce', salesforceConnector);
