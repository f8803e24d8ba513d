import { adminRoute } from '#commons/http/route';
import { settingsResource } from '#functions/http/representations';

export const handler = adminRoute({}, async ({ caller }) => ({ status: 200, body: settingsResource(caller.org) }));
