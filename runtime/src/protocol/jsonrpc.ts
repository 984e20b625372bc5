/**
 * JSON-RPC 2.0 framing: classify a parsed message and build responses.
 */
import type { JsonRpcErrorObject, JsonRpcFailure, JsonRpcSuccess, RequestId } from './types.js';
import { INVALID_REQUEST } from './errors.js';

export type Classified =
  | { readonly kind: 'request'; readonly id: RequestId; readonly method: string; readonly params: Record<string, unknown> | undefined }
  | { readonly kind: 'notification'; readonly method: string; readonly params: Record<string, unknown> | undefined }
  | { readonly kind: 'response'; readonly id: RequestId; readonly result: unknown; readonly error: JsonRpcErrorObject | undefined }
  | { readonly kind: 'invalid'; readonly id: RequestId | null; readonly reason: string };

function isId(v: unknown): v is RequestId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** Sort one parsed value into request / notification / response, or say why it is invalid. */
export function classify(msg: unknown): Classified {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { kind: 'invalid', id: null, reason: 'a JSON-RPC message must be an object' };
  const m = msg as Record<string, unknown>;
  const id = m['id'];
  const safeId = isId(id) ? id : null;
  if (m['jsonrpc'] !== '2.0') return { kind: 'invalid', id: safeId, reason: 'jsonrpc must be "2.0"' };
  const method = m['method'];
  const params = m['params'];
  if (method !== undefined) {
    if (typeof method !== 'string' || method === '') return { kind: 'invalid', id: safeId, reason: 'method must be a non-empty string' };
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      return { kind: 'invalid', id: safeId, reason: 'params must be an object' };
    }
    const p = params as Record<string, unknown> | undefined;
    if (id === undefined) return { kind: 'notification', method, params: p };
    if (!isId(id)) return { kind: 'invalid', id: null, reason: 'id must be a string or a number' };
    return { kind: 'request', id, method, params: p };
  }
  if (('result' in m || 'error' in m) && isId(id)) {
    const err = m['error'];
    if (err !== undefined) {
      const e = err as Record<string, unknown>;
      if (typeof err !== 'object' || err === null || typeof e['code'] !== 'number' || typeof e['message'] !== 'string') {
        return { kind: 'invalid', id, reason: 'error must have a numeric code and a message' };
      }
      return { kind: 'response', id, result: undefined, error: err as JsonRpcErrorObject };
    }
    return { kind: 'response', id, result: m['result'], error: undefined };
  }
  return { kind: 'invalid', id: safeId, reason: 'not a request, notification or response' };
}

export function success(id: RequestId, result: unknown): JsonRpcSuccess {
  return { jsonrpc: '2.0', id, result };
}

export function failure(id: RequestId | null, code: number, message: string, data?: unknown): JsonRpcFailure {
  return data === undefined ? { jsonrpc: '2.0', id, error: { code, message } } : { jsonrpc: '2.0', id, error: { code, message, data } };
}

export function invalidRequest(id: RequestId | null, reason: string): JsonRpcFailure {
  return failure(id, INVALID_REQUEST, `Invalid Request: ${reason}`);
}
