/** The auth modes `mcp-gen init --auth` offers (a module of its own: the CLI's option parser needs them without loading init). */
export const AUTH_MODES = ['none', 'apikey', 'hmac', 'oauth'] as const;

/** One of {@link AUTH_MODES}. */
export type InitAuthMode = (typeof AUTH_MODES)[number];
