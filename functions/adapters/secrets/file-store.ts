import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '#domain/secrets';

/**
 * Local stand-in for Secrets Manager: one file per secret in a git-ignored
 * folder, readable by the owner only. Used when `ROSTER_SECRETS_DIR` is set.
 */
export class FileSecretStore implements SecretStore {
  constructor(private readonly directory: string) {}

  private path(name: string): string {
    // Secret names are built by Roster from ids and integration names; the encoding keeps any of them inside the folder.
    return join(this.directory, encodeURIComponent(name));
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(name: string, value: string): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await writeFile(this.path(name), value, { mode: 0o600 });
  }

  async delete(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
  }
}
