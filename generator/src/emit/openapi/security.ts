/**
 * Security schemes: every auth mode's schemes are declared, and the top-level `security`
 * says which apply for the configured `settings.authMode` (the docs route re-applies the live
 * mode at run time, since the environment may override mcp.yaml).
 */
import type { Json } from './json.js';

export type AuthModeName = 'none' | 'apikey' | 'hmac' | 'oauth';

const AUTH_MODES: readonly AuthModeName[] = ['none', 'apikey', 'hmac', 'oauth'];

/** The auth mode from mcp.yaml settings; `none` when absent. Unknown values are rejected by config validation. */
export function authModeOf(settings: Record<string, unknown>): AuthModeName {
  const mode = settings['authMode'];
  return typeof mode === 'string' && (AUTH_MODES as readonly string[]).includes(mode) ? (mode as AuthModeName) : 'none';
}

/** All security schemes, whatever the mode (a deployment may switch modes by environment). */
export function securitySchemes(settings: Record<string, unknown>): Record<string, Json> {
  const schemes: Record<string, Json> = {
    apiKey: {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'Auth mode `apikey`: one of the keys of MCP_API_KEYS / MCP_API_KEYS_MAP.',
    },
    apiKeyBearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'Auth mode `apikey`: the same key sent as `Authorization: Bearer <key>`.',
    },
    hmacSignature: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Signature',
      description:
        'Auth mode `hmac`: `X-Signature: sha256=<hex HMAC-SHA256(MCP_HMAC_SECRET, "<X-Timestamp>.<raw body>")>` with ' +
        '`X-Timestamp: <unix seconds>` (each signature is accepted once, within MCP_HMAC_WINDOW_SEC); see docs/configuration.md.',
    },
    oauth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Auth mode `oauth`: an access token from the authorization server, audience = this server ' +
        '(metadata at /.well-known/oauth-protected-resource).',
    },
  };
  const issuer = settings['oauthIssuer'];
  if (typeof issuer === 'string' && /^https?:\/\//.test(issuer)) {
    schemes['openIdConnect'] = {
      type: 'openIdConnect',
      openIdConnectUrl: `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      description: 'Auth mode `oauth`: discovery document of the authorization server.',
    };
  }
  return schemes;
}

/**
 * The requirement list for a mode: alternatives, any one of which suffices.
 * Mode `none` yields `[{}]` (anonymous access).
 *
 * @example
 * securityFor('apikey', schemes) // [{ apiKey: [] }, { apiKeyBearer: [] }]
 */
export function securityFor(
  mode: AuthModeName,
  schemes: Record<string, unknown>,
): Json[] {
  switch (mode) {
    case 'apikey':
      return [{ apiKey: [] }, { apiKeyBearer: [] }];
    case 'hmac':
      return [{ hmacSignature: [] }];
    case 'oauth':
      return 'openIdConnect' in schemes ? [{ oauth: [] }, { openIdConnect: [] }] : [{ oauth: [] }];
    default:
      return [{}];
  }
}
