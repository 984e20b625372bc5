/**
 * Names and codes of protocol revision 2026-07-28 (stateless MCP: SEP-2575 envelope, SEP-2243 headers,
 * SEP-2322 input-required results, SEP-2549 caching hints).
 */

export const REV_2026 = '2026-07-28';

/** `_meta` keys of the per-request envelope. */
export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
export const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
export const META_SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';

/** The tasks extension identifier (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** HTTP headers mirrored from the body were missing or did not match it. HTTP 400. */
export const HEADER_MISMATCH = -32020;
/** Serving the request needs a capability the client did not declare. HTTP 400. */
export const MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
/** The requested protocol version is not served here. HTTP 400. */
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** Methods whose result carries `ttlMs` and `cacheScope`. */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

/** Methods that may answer with an input-required result. */
export const INPUT_METHODS: ReadonlySet<string> = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** Stateful methods the 2026 revision removed: answered 404 / -32601. */
export const REMOVED_METHODS = [
  'initialize',
  'ping',
  'logging/setLevel',
  'resources/subscribe',
  'resources/unsubscribe',
  'tasks/result',
  'tasks/list',
] as const;

/** The body field each routing method mirrors into `Mcp-Name`. */
export function nameFieldOf(method: string): 'name' | 'uri' | 'taskId' | undefined {
  switch (method) {
    case 'tools/call':
    case 'prompts/get':
      return 'name';
    case 'resources/read':
      return 'uri';
    case 'tasks/get':
    case 'tasks/update':
    case 'tasks/cancel':
      return 'taskId';
    default:
      return undefined;
  }
}
