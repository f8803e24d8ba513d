import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from '#domain/secrets';

/**
 * Secrets Manager under a per-deployment name prefix (`ROSTER_SECRET_PREFIX`),
 * so IAM policies can grant each function only the names it uses.
 */
export class SecretsManagerStore implements SecretStore {
  private readonly cache = new Map<string, { value: string | undefined; fetchedAt: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly prefix: string,
    /** Cached values are reused this long; a rotated secret takes effect after it. */
    private readonly cacheMs = 60_000,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name);
    if (cached && Date.now() - cached.fetchedAt < this.cacheMs) return cached.value;
    try {
      const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.prefix + name }));
      this.cache.set(name, { value: SecretString, fetchedAt: Date.now() });
      return SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async put(name: string, value: string): Promise<void> {
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: this.prefix + name, SecretString: value }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.client.send(new CreateSecretCommand({ Name: this.prefix + name, SecretString: value }));
    }
    this.cache.delete(name);
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteSecretCommand({ SecretId: this.prefix + name, ForceDeleteWithoutRecovery: true }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    this.cache.delete(name);
  }
}
