/**
 * The document `/docs.json` serves: the generated one, with what only the running server knows
 * applied on top - where it is mounted (`servers`) and the live auth mode (the environment may
 * override mcp.yaml). The generated object is never mutated.
 */
import { securityFor } from '../../openapi/security.js';
import type { AuthMode } from '../../settings/types.js';

type Json = { [key: string]: unknown };

/** What a caller of the REST routes must send, per mode. */
const AUTH_HINT: Readonly<Record<AuthMode, string>> = {
  none: ' (no credentials needed).',
  apikey: ': send `X-API-Key: <key>` or `Authorization: Bearer <key>` (use Authorize).',
  hmac: ': send `X-Timestamp` and `X-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<raw body>">` (see docs/configuration.md).',
  oauth: ': send `Authorization: Bearer <access token>`; metadata at /.well-known/oauth-protected-resource.',
};

/**
 * Returns a copy of `document` whose `servers` point at `basePath`, whose top-level `security`
 * matches `authMode` (only naming schemes the document declares) and whose description says the mode.
 *
 * @example
 * liveDocument(openapi, { basePath: '/api', authMode: 'apikey' }).servers // [{ url: '/api' }]
 */
export function liveDocument(document: object, live: { basePath: string; authMode: AuthMode }): Json {
  const doc = document as Json;
  const components = (doc['components'] ?? {}) as Json;
  const schemes = (components['securitySchemes'] ?? {}) as Json;
  // the same requirements the generated document uses, limited to the schemes this document declares
  const security = securityFor(live.authMode, schemes).filter((req) => Object.keys(req).every((name) => Object.hasOwn(schemes, name)));
  const info = (doc['info'] ?? {}) as Json;
  const about = `Auth mode: \`${live.authMode}\`${AUTH_HINT[live.authMode]}`;
  const description = typeof info['description'] === 'string' && info['description'].length > 0 ? `${info['description']}\n\n${about}` : about;
  return {
    ...doc,
    info: { ...info, description },
    servers: [{ url: live.basePath === '' ? '/' : live.basePath, description: 'This server' }],
    security: security.length > 0 ? security : [{}],
  };
}
