/**
 * 2026-07-28 over stdio: each request carries its own envelope in `_meta`, so the connection's
 * shared context is specialised per message. Without HTTP headers only the `_meta` checks apply.
 */
import { RpcError } from '../errors.js';
import { classify, failure } from '../jsonrpc.js';
import type { JsonRpcResponse } from '../types.js';
import type { MessageContext } from '../../server/types.js';
import { STATELESS_VERSIONS } from './discover.js';
import { declaredVersion, readEnvelope } from './envelope.js';
import { unsupportedVersion } from './errors.js';

/**
 * The context to serve `message` with: a per-message 2026 context when the message declares a
 * version in `_meta`, the connection's context otherwise; or the error reply when its envelope is bad.
 *
 * @example
 * const ctx = stdioContextFor(message, connectionContext);
 * if ('jsonrpc' in ctx) write(ctx); else engine.handleMessage(message, ctx);
 */
export function stdioContextFor(message: unknown, base: MessageContext): MessageContext | JsonRpcResponse {
  const version = declaredVersion(message);
  if (version === undefined) return base;
  const c = classify(message);
  if (c.kind === 'request') {
    try {
      readEnvelope(c.params);
      if (!STATELESS_VERSIONS.includes(version)) throw unsupportedVersion(version, STATELESS_VERSIONS);
    } catch (err) {
      if (err instanceof RpcError) return failure(c.id, err.code, err.message, err.data);
      throw err;
    }
  } else if (!STATELESS_VERSIONS.includes(version)) {
    return base;
  }
  // Keep the connection's session: it tracks in-flight requests, so notifications/cancelled still works.
  return { ...base, protocolVersion: version };
}
