import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';

const LOOPBACK = '127.0.0.1';
const ALGORITHM = 'RS256';

/** Audience that the local issuer's tokens carry and the local handlers require. */
export const LOCAL_OIDC_AUDIENCE = 'roster-local';

export interface LocalSigningKey {
  /** Private key as a JWK; it never leaves the git-ignored state folder or the test run. */
  privateJwk: JWK;
  kid: string;
}

export interface LocalOidcIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  key: LocalSigningKey;
  /** The variables that make the handlers accept this issuer's tokens. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Reads the issuer's signing key from `<stateDir>/oidc/signing-key.json`, or
 * creates one there, where `npm run mint-token` reads it from another process.
 */
async function loadOrCreateKey(stateDir: string): Promise<LocalSigningKey> {
  const file = join(stateDir, 'oidc', 'signing-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalSigningKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const key: LocalSigningKey = { privateJwk: { ...(await exportJWK(privateKey)), alg: ALGORITHM }, kid: `local-${Date.now().toString(36)}` };
  await mkdir(join(stateDir, 'oidc'), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

function publicJwk(key: LocalSigningKey): JWK {
  const { kty, n, e } = key.privateJwk;
  return { kty, n, e, alg: ALGORITHM, use: 'sig', kid: key.kid };
}

/**
 * Starts a minimal OpenID Connect issuer on 127.0.0.1: a discovery document
 * and a JWKS endpoint, nothing else. Tokens come from {@link mintAccessToken}
 * (`npm run mint-token`), standing in for a customer's identity provider.
 */
export async function startLocalOidcIssuer(options: { port: number; stateDir: string }): Promise<LocalOidcIssuer> {
  const key = await loadOrCreateKey(options.stateDir);
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const body =
      path === '/.well-known/openid-configuration'
        ? { issuer, jwks_uri: `${issuer}/jwks.json`, id_token_signing_alg_values_supported: [ALGORITHM], response_types_supported: ['token'] }
        : path === '/jwks.json'
          ? { keys: [publicJwk(key)] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `Port ${options.port} for the local OIDC issuer is already in use. Set ROSTER_OIDC_PORT to another port.` : error.message)),
    );
    server.listen({ port: options.port, host: LOOPBACK }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  issuer = `http://${LOOPBACK}:${port}`;
  return {
    issuer,
    audience: LOCAL_OIDC_AUDIENCE,
    jwksUrl: `${issuer}/jwks.json`,
    key,
    env: { ROSTER_OIDC_ISSUER: issuer, ROSTER_OIDC_AUDIENCE: LOCAL_OIDC_AUDIENCE },
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface MintOptions {
  issuer: string;
  audience: string;
  key: LocalSigningKey;
  orgId: string;
  email: string;
  /** Lifetime in seconds; negative mints a token that has already expired. Default 3600. */
  expiresInSeconds?: number;
  /** Extra or replacement claims. */
  claims?: Record<string, unknown>;
}

/** Signs an access token like the one a customer's identity provider issues to an admin. */
export async function mintAccessToken(options: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? 3600;
  return new SignJWT({ roster_org_id: options.orgId, email: options.email, email_verified: true, ...options.claims })
    .setProtectedHeader({ alg: ALGORITHM, kid: options.key.kid, typ: 'at+jwt' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(`local|${options.email}`)
    .setIssuedAt(Math.min(now, now + lifetime - 60))
    .setExpirationTime(now + lifetime)
    .sign(await importJWK(options.key.privateJwk, ALGORITHM));
}
