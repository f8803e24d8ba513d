import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#domain/errors';
import { secretStore } from '#adapters/secrets/index';

/** Name of the HMAC key in the secret store; the stack generates it, the local stack writes a random one. */
export const CURSOR_KEY_SECRET = 'cursor-signing-key';

async function signingKey(): Promise<string> {
  const value = await secretStore().get(CURSOR_KEY_SECRET);
  if (!value) throw new Error(`Secret ${CURSOR_KEY_SECRET} is missing; the deployment must create it.`);
  return value;
}

function sign(key: string, orgId: string, scope: string, payload: string): string {
  return createHmac('sha256', key).update(`${orgId}\n${scope}\n${payload}`).digest('base64url').slice(0, 22);
}

/**
 * Encodes a resume position as an opaque cursor. The HMAC binds it to the org
 * and the list it came from, so a cursor from another org or list, or an edited
 * one, is rejected instead of being followed.
 */
export async function encodeCursor(orgId: string, scope: string, position: string): Promise<string> {
  const payload = Buffer.from(position, 'utf8').toString('base64url');
  return `${payload}.${sign(await signingKey(), orgId, scope, payload)}`;
}

export async function decodeCursor(orgId: string, scope: string, cursor: string): Promise<string> {
  const invalid = () =>
    new ValidationError('The cursor is invalid.', [
      { field: 'cursor', message: 'Invalid cursor: pass the nextCursor value from the previous page unchanged, or omit it to start from the first page.' },
    ]);
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(await signingKey(), orgId, scope, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  return Buffer.from(payload, 'base64url').toString('utf8');
}
