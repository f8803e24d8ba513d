import { updateSettings } from '#domain/settings-service';
import { orgs } from '#commons/dependencies';
import { systemClock, ulidGenerator } from '#commons/ids';
import { adminRoute } from '#commons/http/route';
import { updateSettingsBody } from '#functions/http/schemas';
import { settingsResource } from '#functions/http/representations';

export const handler = adminRoute({ body: updateSettingsBody }, async ({ body, caller }) => {
  const org = await updateSettings({ orgs, clock: systemClock, ids: ulidGenerator }, caller.context, caller.org, body);
  return { status: 200, body: settingsResource(org) };
});
