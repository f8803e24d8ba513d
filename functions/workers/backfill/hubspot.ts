import { hubspotConnector } from '#adapters/integrations/hubspot';
import { backfillConsumer } from './consumer.ts';

/** Consumer of the backfill-hubspot queue. */
export const handler = backfillConsumer('hubspot', hubspotConnector);
