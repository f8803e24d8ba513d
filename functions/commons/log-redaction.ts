/**
 * Redaction applied to every log entry as Powertools serializes it, so a
 * secret passed to the logger by mistake never reaches CloudWatch Logs.
 * Handlers still log ids, not whole records or events; this is the net
 * under that rule, not a licence to log more.
 */

export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are credentials or message content. Compared in lower
 * case after removing `-` and `_`, and matched at the end of the key, so
 * `adminToken`, `client_secret` and `htmlBody` are caught but `tokenId` is not.
 */
const SENSITIVE_KEY_SUFFIXES = [
  'token',
  'secret',
  'secrethash',
  'password',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'cookies',
  'apikey',
  'privatekey',
  'body',
  'html',
  'text',
];

/** Roster bearer tokens (`rat.` admin API, `rsc.` SCIM): the prefix and the first id stay, the rest goes. */
const ROSTER_TOKEN = /\b(rat|rsc)\.([0-9A-HJKMNP-TV-Z]{26})\.[A-Za-z0-9_.-]+/g;
const BEARER = /\bBearer\s+[^\s"',;]+/gi;

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

export function redactString(value: string): string {
  return value.replace(ROSTER_TOKEN, `$1.$2.${REDACTED}`).replace(BEARER, `Bearer ${REDACTED}`);
}

/** Redacts one value as a `JSON.stringify` replacer; the Powertools Logger takes it as `jsonReplacerFn`. */
export function redactLogValue(key: string, value: unknown): unknown {
  if (key !== '' && isSensitiveKey(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  return value;
}
