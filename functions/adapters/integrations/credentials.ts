import { BackfillError } from '#domain/backfill';
import { CREDENTIAL_SCHEMAS, type Credentials, credentialsSecretName } from '#domain/integration-credentials';
import type { Integration } from '#domain/integrations';
import type { SecretStore } from '#domain/secrets';

/** Reads and validates an org's stored credentials for one integration. */
export async function loadCredentials<I extends Integration>(secrets: SecretStore, orgId: string, integration: I): Promise<Credentials<I>> {
  const raw = await secrets.get(credentialsSecretName(orgId, integration));
  if (raw === undefined) {
    throw new BackfillError('credentials_missing', `No ${integration} credentials are stored for this org; connect the integration with PUT /v1/integrations/${integration}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = CREDENTIAL_SCHEMAS[integration].safeParse(value);
  if (!parsed.success) {
    throw new BackfillError('credentials_missing', `The stored ${integration} credentials are invalid; connect the integration again.`);
  }
  return parsed.data as Credentials<I>;
}
