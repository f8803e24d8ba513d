import { gongConnector } from '#adapters/integrations/gong';
import { backfillConsumer } from './consumer.ts';

/** Consumer of the backfill-gong queue. */
export const handler = backfillConsumer('gong', gongConnector);
