/**
 * The per-request envelope of 2026-07-28: every request's `params._meta` carries the protocol
 * version and the client's capabilities (and, as a SHOULD, its identity and a log level).
 * Capabilities are per request: nothing is remembered between requests.
 */
import { LOGGING_LEVELS, type LoggingLevel } from '../types.js';
import { META_CLIENT_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL, META_PROTOCOL_VERSION } from './constants.js';
import { invalidMeta } from './errors.js';

/** What one request says about its client. */
export interface RequestEnvelope {
  readonly protocolVersion: string;
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
  readonly clientInfo: Readonly<Record<string, unknown>> | undefined;
  /** Minimum level of `notifications/message`; undefined: send none for this request. */
  readonly logLevel: LoggingLevel | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `_meta` object of a request's params, when there is one. */
export function metaOf(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const m = params?.['_meta'];
  return isObject(m) ? m : undefined;
}

/** The protocol version a message declares in `_meta`, if any (used to pick the revision). */
export function declaredVersion(message: unknown): string | undefined {
  if (!isObject(message)) return undefined;
  const params = message['params'];
  const v = isObject(params) ? metaOf(params)?.[META_PROTOCOL_VERSION] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Read and check a request's envelope. Throws -32602 (HTTP 400) when `_meta`, its protocol version
 * or its client capabilities are missing or malformed; `clientInfo` and `logLevel` are optional.
 *
 * @example
 * const env = readEnvelope({ _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } });
 * env.clientCapabilities; // {}
 */
export function readEnvelope(params: Record<string, unknown> | undefined): RequestEnvelope {
  const meta = metaOf(params);
  if (meta === undefined) throw invalidMeta('params._meta is required (protocol version and client capabilities)');
  const version = meta[META_PROTOCOL_VERSION];
  if (typeof version !== 'string' || version === '') throw invalidMeta(`params._meta["${META_PROTOCOL_VERSION}"] is required`);
  const caps = meta[META_CLIENT_CAPABILITIES];
  if (!isObject(caps)) throw invalidMeta(`params._meta["${META_CLIENT_CAPABILITIES}"] is required and must be an object`);
  const info = meta[META_CLIENT_INFO];
  if (info !== undefined && !isObject(info)) throw invalidMeta(`params._meta["${META_CLIENT_INFO}"] must be an object`);
  const level = meta[META_LOG_LEVEL];
  if (level !== undefined && !LOGGING_LEVELS.includes(level as LoggingLevel)) {
    throw invalidMeta(`params._meta["${META_LOG_LEVEL}"] must be one of ${LOGGING_LEVELS.join(', ')}`);
  }
  return {
    protocolVersion: version,
    clientCapabilities: caps,
    clientInfo: info as Record<string, unknown> | undefined,
    logLevel: level as LoggingLevel | undefined,
  };
}

/** True when the capabilities declare the extension `id` (under `extensions`). */
export function hasExtension(caps: Readonly<Record<string, unknown>> | undefined, id: string): boolean {
  const ext = caps?.['extensions'];
  return isObject(ext) && ext[id] !== undefined && ext[id] !== null && ext[id] !== false;
}
