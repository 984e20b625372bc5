/**
 * The 2026-07-28 protocol errors, and the HTTP status each JSON-RPC error travels with.
 */
import { INVALID_PARAMS, METHOD_NOT_FOUND, RpcError } from '../errors.js';
import { HEADER_MISMATCH, MISSING_REQUIRED_CLIENT_CAPABILITY, UNSUPPORTED_PROTOCOL_VERSION } from './constants.js';

/** A request-envelope error: rejected before dispatch, always with HTTP 400. */
export class EnvelopeError extends RpcError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.name = 'EnvelopeError';
  }
}

/** `Mcp-*` headers missing or not matching the body. */
export function headerMismatch(message: string, data?: Record<string, unknown>): EnvelopeError {
  return new EnvelopeError(HEADER_MISMATCH, `Header mismatch: ${message}`, data);
}

/** The requested version is not one this server speaks. */
export function unsupportedVersion(requested: string, supported: readonly string[]): EnvelopeError {
  return new EnvelopeError(UNSUPPORTED_PROTOCOL_VERSION, `Unsupported protocol version: ${requested}`, { supported: [...supported], requested });
}

/** `_meta` lacks a required member. */
export function invalidMeta(message: string): EnvelopeError {
  return new EnvelopeError(INVALID_PARAMS, `Invalid params: ${message}`);
}

/**
 * Serving the request needs a client capability the request did not declare.
 *
 * @example
 * throw missingCapability({ sampling: {} }, 'test_missing_capability needs sampling');
 */
export class MissingClientCapabilityError extends RpcError {
  constructor(required: Record<string, unknown>, message?: string) {
    super(MISSING_REQUIRED_CLIENT_CAPABILITY, message ?? `Missing required client capability: ${Object.keys(required).join(', ')}`, { requiredCapabilities: required });
    this.name = 'MissingClientCapabilityError';
  }
}

/**
 * HTTP status of a 2026 error reply: 404 for unknown methods, 400 for envelope problems, missing
 * capabilities and version errors, 200 for every other JSON-RPC error (the request was processed).
 */
export function httpStatusOf(code: number, envelope: boolean): number {
  if (code === METHOD_NOT_FOUND) return 404;
  if (envelope) return 400;
  if (code === HEADER_MISMATCH || code === MISSING_REQUIRED_CLIENT_CAPABILITY || code === UNSUPPORTED_PROTOCOL_VERSION) return 400;
  return 200;
}
