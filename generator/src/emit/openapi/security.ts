/**
 * The auth mode of mcp.yaml settings, which picks the document's top-level `security`
 * (the schemes themselves are the runtime's: `securitySchemes` in @mcp-gen/runtime).
 */
import type { AuthMode } from '@mcp-gen/runtime';

const AUTH_MODES: readonly AuthMode[] = ['none', 'apikey', 'hmac', 'oauth'];

/**
 * The auth mode from mcp.yaml settings; `none` when absent. Unknown values are rejected by config validation.
 *
 * @example
 * authModeOf({ authMode: 'hmac' }) // 'hmac'
 */
export function authModeOf(settings: Record<string, unknown>): AuthMode {
  const mode = settings['authMode'];
  return typeof mode === 'string' && (AUTH_MODES as readonly string[]).includes(mode) ? (mode as AuthMode) : 'none';
}
