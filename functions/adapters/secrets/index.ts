import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from '#domain/secrets';
import { tracer } from '#commons/powertools';
import { FileSecretStore } from './file-store.ts';
import { SecretsManagerStore } from './secrets-manager-store.ts';

let store: SecretStore | undefined;

/** The deployment's secret store: Secrets Manager, or the local file store when `ROSTER_SECRETS_DIR` is set. */
export function secretStore(): SecretStore {
  if (!store) {
    const localDirectory = process.env.ROSTER_SECRETS_DIR;
    store = localDirectory
      ? new FileSecretStore(localDirectory)
      : new SecretsManagerStore(tracer.captureAWSv3Client(new SecretsManagerClient({})), process.env.ROSTER_SECRET_PREFIX ?? 'roster/');
  }
  return store;
}
