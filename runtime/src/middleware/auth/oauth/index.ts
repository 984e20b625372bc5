/**
 * OAuth 2.1 resource server (MCP_AUTH_MODE=oauth): verifies JWT access tokens (`Authorization: Bearer`)
 * against the authorization server's JWKS (fetched and cached by jose), the issuer, the audience
 * (RFC 8707: tokens minted for another resource are refused), expiry and not-before with a small skew.
 * Scopes map to roles (MCP_OAUTH_SCOPE_ROLES); MCP_OAUTH_REQUIRED_SCOPES must all be present.
 * Verified tokens are remembered until they expire, so a repeat caller costs one Map lookup.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose';

type Jose = typeof import('jose');
type JoseErrors = Jose['errors'];
let joseLoading: Promise<Jose> | undefined;
/** jose (~45 modules) is loaded by the OAuth guard only, not by every server's start-up. */
const loadJose = (): Promise<Jose> => (joseLoading ??= import('jose'));
import type { CallerIdentity } from '../../../handler/context.js';
import type { OAuthSettings, Settings } from '../../../settings/types.js';
import { HttpError, type GuardRequest, type HttpGuard } from '../../types.js';

/** Asymmetric algorithms only: a JWKS of public keys can never validate an HMAC-signed token. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_SKEW_SEC = 30;
const TOKEN_CACHE_MAX = 10_000;

/**
 * The RFC 9728 metadata URL of a resource: the well-known segment goes between the origin and the path.
 *
 * @example
 * resourceMetadataUrl('https://api.example.com/mcp'); // 'https://api.example.com/.well-known/oauth-protected-resource/mcp'
 */
export function resourceMetadataUrl(resourceUrl: string): string {
  const u = new URL(resourceUrl);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The RFC 9728 protected-resource metadata document. */
export function protectedResourceMetadata(oauth: OAuthSettings): Record<string, unknown> {
  const scopes = new Set<string>([...oauth.scopeRoles.keys(), ...oauth.requiredScopes]);
  return {
    resource: oauth.resourceUrl,
    authorization_servers: [...oauth.authorizationServers],
    bearer_methods_supported: ['header'],
    ...(scopes.size > 0 ? { scopes_supported: [...scopes] } : {}),
  };
}

/** Scopes of a token: the `scope` string (RFC 8693/9068) or an `scp` array. */
export function tokenScopes(payload: JWTPayload): string[] {
  const s = payload['scope'];
  if (typeof s === 'string') return s.split(' ').filter((x) => x.length > 0);
  const scp = payload['scp'];
  if (Array.isArray(scp)) return scp.filter((x): x is string => typeof x === 'string');
  if (typeof scp === 'string') return scp.split(' ').filter((x) => x.length > 0);
  return [];
}

export interface OAuthGuardOptions {
  /** Key source; defaults to a remote JWKS at `oauth.jwksUrl` (cached; refetched on unknown kid). */
  readonly keys?: JWTVerifyGetKey;
  readonly now?: () => number;
}

interface CachedToken {
  readonly caller: CallerIdentity;
  readonly expiresAtMs: number;
  readonly scopes: readonly string[];
}

/**
 * The OAuth guard. 401 `invalid_token` with `WWW-Authenticate: Bearer resource_metadata="..."` for a missing or
 * invalid token; 403 `insufficient_scope` when a required scope is missing.
 *
 * @example
 * const guard = oauthGuard(settings); // settings.oauth from MCP_OAUTH_*
 */
export function oauthGuard(settings: Pick<Settings, 'oauth' | 'defaultRoles'>, options: OAuthGuardOptions = {}): HttpGuard {
  const oauth = settings.oauth;
  if (oauth === undefined) throw new Error('oauthGuard: MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE and MCP_OAUTH_JWKS_URL are not set');
  let keys = options.keys;
  // Start loading jose now (OAuth mode only), so the first token does not wait for it.
  loadJose().catch(() => undefined);
  const now = options.now ?? Date.now;
  const metadataUrl = resourceMetadataUrl(oauth.resourceUrl);
  const required = oauth.requiredScopes;
  const requiredText = required.join(' ');
  const baseChallenge = `Bearer resource_metadata="${metadataUrl}"`;
  // 2025-11-25: a 401 may name the scopes a client should ask for.
  const challenge401 = required.length > 0 ? `${baseChallenge}, scope="${requiredText}"` : baseChallenge;
  const cache = new Map<string, CachedToken>();

  const unauthorized = (description: string, invalid: boolean): HttpError =>
    new HttpError(
      401,
      'invalid_token',
      description,
      { 'WWW-Authenticate': invalid ? `${challenge401}, error="invalid_token", error_description="${description.replace(/["\\\r\n]/g, '')}"` : challenge401 },
      -32001,
    );

  const checkScopes = (scopes: readonly string[]): void => {
    for (const s of required) {
      if (!scopes.includes(s)) {
        throw new HttpError(
          403,
          'insufficient_scope',
          `token lacks the required scope "${s}"`,
          { 'WWW-Authenticate': `${baseChallenge}, error="insufficient_scope", scope="${requiredText}"` },
          -32003,
        );
      }
    }
  };

  const toCaller = (payload: JWTPayload, scopes: readonly string[]): CallerIdentity => {
    const roles = new Set<string>();
    for (const s of scopes) for (const r of oauth.scopeRoles.get(s) ?? []) roles.add(r);
    if (roles.size === 0) for (const r of settings.defaultRoles) roles.add(r);
    const sub = typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : typeof payload['client_id'] === 'string' ? (payload['client_id'] as string) : 'unknown';
    return { id: `oauth:${sub}`, roles: [...roles], scheme: 'oauth', claims: Object.freeze({ ...payload }) };
  };

  const remember = (token: string, entry: CachedToken): void => {
    if (cache.size >= TOKEN_CACHE_MAX) {
      const t = now();
      for (const [k, v] of cache) if (v.expiresAtMs <= t) cache.delete(k);
      if (cache.size >= TOKEN_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    }
    cache.set(token, entry);
  };

  const verify = async (r: GuardRequest, token: string): Promise<void> => {
    const jose = await loadJose();
    keys ??= jose.createRemoteJWKSet(new URL(oauth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: 5000 });
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keys, {
        issuer: oauth.issuer,
        audience: oauth.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SEC,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      // The keys could not be fetched: not the client's fault, so no 401 (which would make it drop a good token).
      if (isKeySourceFailure(jose.errors, err)) {
        throw new HttpError(503, 'auth_unavailable', 'authorization keys are unavailable; try again shortly', { 'Retry-After': '5' }, -32000);
      }
      throw unauthorized(describeJoseError(jose.errors, err), true);
    }
    const scopes = tokenScopes(payload);
    const entry: CachedToken = { caller: toCaller(payload, scopes), expiresAtMs: (payload.exp ?? 0) * 1000 + CLOCK_SKEW_SEC * 1000, scopes };
    remember(token, entry);
    checkScopes(scopes);
    r.caller = entry.caller;
  };

  return {
    name: 'auth-oauth',
    check(r) {
      const a = r.req.headers.authorization;
      if (typeof a !== 'string' || a.length < 8 || a.slice(0, 7).toLowerCase() !== 'bearer ') {
        throw unauthorized('missing bearer token', false);
      }
      const token = a.slice(7).trim();
      if (token.length === 0 || token.length > 16_384) throw unauthorized('malformed bearer token', true);
      const hit = cache.get(token);
      if (hit !== undefined) {
        if (hit.expiresAtMs > now()) {
          checkScopes(hit.scopes);
          r.caller = hit.caller;
          return;
        }
        cache.delete(token);
      }
      return verify(r, token);
    },
  };
}

/** JWKS unreachable, timed out or unusable (as opposed to a bad token). */
function isKeySourceFailure(joseErrors: JoseErrors, err: unknown): boolean {
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return true;
  if (err instanceof joseErrors.JOSEError) return false;
  return err instanceof Error; // fetch failed, connection refused, bad JSON from the key server
}

/** A short, safe reason for a rejected token (never the token, never a stack). */
function describeJoseError(joseErrors: JoseErrors, err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'aud':
        return 'token audience is not this resource';
      case 'iss':
        return 'token issuer is not trusted';
      case 'nbf':
        return 'token is not valid yet';
      default:
        return `token claim "${err.claim}" is invalid`;
    }
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'malformed token';
  return 'invalid token';
}
