/**
 * Small readers for request params that answer -32602 naming the field.
 */
import { INVALID_PARAMS, RpcError } from '../errors.js';

export function requireString(params: Record<string, unknown> | undefined, key: string): string {
  const v = params?.[key];
  if (typeof v !== 'string') throw new RpcError(INVALID_PARAMS, `Invalid params: ${key} must be a string`);
  return v;
}

export function optionalObject(params: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const v = params?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new RpcError(INVALID_PARAMS, `Invalid params: ${key} must be an object`);
  return v as Record<string, unknown>;
}
