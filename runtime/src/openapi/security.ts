/**
 * Security schemes: every auth mode's schemes are declared (a deployment may switch modes by
 * environment), and the top-level `security` says which apply for the configured auth mode.
 */
import type { AuthMode } from '../settings/types.js';
import type { OpenApiSecurityRequirement, OpenApiSecurityScheme } from './types.js';

/**
 * All security schemes, whatever the mode; `openIdConnect` only when an http(s) OAuth issuer is given.
 *
 * @example
 * Object.keys(securitySchemes()) // ['apiKey', 'apiKeyBearer', 'hmacSignature', 'oauth']
 */
export function securitySchemes(oauthIssuer?: string): Record<string, OpenApiSecurityScheme> {
  const schemes: Record<string, OpenApiSecurityScheme> = {
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
  if (oauthIssuer !== undefined && /^https?:\/\//.test(oauthIssuer)) {
    schemes['openIdConnect'] = {
      type: 'openIdConnect',
      openIdConnectUrl: `${oauthIssuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      description: 'Auth mode `oauth`: discovery document of the authorization server.',
    };
  }
  return schemes;
}

/**
 * The requirement list for an auth mode: alternatives, any one of which suffices. Mode `none`
 * yields `[{}]` (anonymous access); `oauth` names `openIdConnect` only when `schemes` declares it.
 *
 * @example
 * securityFor('apikey', securitySchemes()) // [{ apiKey: [] }, { apiKeyBearer: [] }]
 */
export function securityFor(mode: AuthMode, schemes: Readonly<Record<string, unknown>>): OpenApiSecurityRequirement[] {
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
