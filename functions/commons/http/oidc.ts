import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';

/**
 * Verification of OIDC access tokens (JWTs) from the identity provider that
 * this deployment trusts. The deployment names one issuer; that issuer stamps
 * the Roster org id in a claim (`ROSTER_OIDC_ORG_CLAIM`), so a token proves
 * both who the caller is (the email) and which org they act in. The issuer is
 * therefore trusted for every org of the deployment.
 */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** JWKS endpoint; absent means the `jwks_uri` of the issuer's discovery document. */
  jwksUrl?: string;
  orgClaim: string;
  emailClaim: string;
}

/** Asymmetric algorithms only: a symmetric `HS256` or an unsigned `none` token can never verify. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/** Clock skew allowed on `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface OidcIdentity {
  orgId: string;
  email: string;
  subject: string | undefined;
  /** The `iat` claim: when the issuer issued the token, in seconds since the epoch. */
  issuedAt: number;
}

/** Reads the OIDC settings from the environment; returns undefined when the deployment accepts no OIDC tokens. */
export function oidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | undefined {
  const issuer = env.ROSTER_OIDC_ISSUER;
  const audience = env.ROSTER_OIDC_AUDIENCE;
  if (!issuer || !audience) return undefined;
  return {
    issuer,
    audience,
    ...(env.ROSTER_OIDC_JWKS_URL ? { jwksUrl: env.ROSTER_OIDC_JWKS_URL } : {}),
    orgClaim: env.ROSTER_OIDC_ORG_CLAIM || 'roster_org_id',
    emailClaim: env.ROSTER_OIDC_EMAIL_CLAIM || 'email',
  };
}

/** A token that failed verification. The reason goes to the log at debug level only, never to the client. */
export class InvalidOidcTokenError extends Error {
  constructor(readonly reason: string) {
    super(`OIDC token rejected: ${reason}`);
    this.name = 'InvalidOidcTokenError';
  }
}

/** Key sets by JWKS URL, kept for the container's life: jose caches keys and refetches on an unknown `kid`, at most every 30 s. */
const keySets = new Map<string, Promise<JWTVerifyGetKey>>();

function keySet(settings: OidcSettings): Promise<JWTVerifyGetKey> {
  const cacheKey = `${settings.issuer}\n${settings.jwksUrl ?? ''}`;
  let pending = keySets.get(cacheKey);
  if (!pending) {
    pending = resolveJwksUrl(settings).then((url) => createRemoteJWKSet(new URL(url), { timeoutDuration: 3_000, cooldownDuration: 30_000 }));
    // A failed discovery is retried on the next request instead of being cached.
    pending.catch(() => keySets.delete(cacheKey));
    keySets.set(cacheKey, pending);
  }
  return pending;
}

async function resolveJwksUrl(settings: OidcSettings): Promise<string> {
  if (settings.jwksUrl) return settings.jwksUrl;
  const discoveryUrl = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`OIDC discovery at ${discoveryUrl} failed with HTTP ${response.status}.`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // OpenID Connect Discovery 1.0, section 4.3: the document's issuer must equal the issuer it was fetched for.
  if (document.issuer !== settings.issuer) throw new Error(`OIDC discovery at ${discoveryUrl} names issuer ${String(document.issuer)}.`);
  if (typeof document.jwks_uri !== 'string') throw new Error(`OIDC discovery at ${discoveryUrl} has no jwks_uri.`);
  return document.jwks_uri;
}

/**
 * Verifies signature, issuer, audience and lifetime, and reads the org id,
 * email and issue time (`iat`, required). Throws InvalidOidcTokenError for any token the client must replace;
 * other errors (the JWKS endpoint unreachable) propagate, because a valid token
 * would fail the same way.
 */
export async function verifyOidcToken(token: string, settings: OidcSettings): Promise<OidcIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await keySet(settings), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: OIDC_ALGORITHMS,
      requiredClaims: ['exp', 'iat', settings.orgClaim, settings.emailClaim],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSTimeout) throw error;
    if (error instanceof joseErrors.JOSEError) throw new InvalidOidcTokenError(error.code);
    throw error;
  }
  const orgId = payload[settings.orgClaim];
  const email = payload[settings.emailClaim];
  if (typeof orgId !== 'string' || typeof email !== 'string' || typeof payload.iat !== 'number') throw new InvalidOidcTokenError('claim type');
  if (payload.email_verified === false) throw new InvalidOidcTokenError('email not verified');
  return { orgId, email, subject: payload.sub, issuedAt: payload.iat };
}

/** A bearer value shaped like a compact JWS (three base64url segments), as opposed to a Roster token. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
