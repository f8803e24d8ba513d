import { salesloftConnector } from '#adapters/integrations/salesloft';
import { backfillConsumer } from './consumer.ts';

/** Consumer of the backfill-salesloft queue. */
export const handler = backfillConsumer('salesloft', salesloftConnector);
