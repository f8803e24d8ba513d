/** Storage of secrets: integration credentials and signing keys. Values never appear in logs or responses. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  put(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}
