/**
 * Result and error shaping of 2026-07-28: every result names its `resultType`, cacheable results
 * carry `ttlMs` + `cacheScope`, results identify the server in `_meta`, and a missing resource is
 * -32602 with the URI (SEP-2164) instead of the 2025 -32002.
 */
import type { MethodRequest } from '../dispatch-types.js';
import { INVALID_PARAMS, RESOURCE_NOT_FOUND } from '../errors.js';
import type { Engine } from '../../server/engine.js';
import { CACHEABLE_METHODS } from './constants.js';
import { serverInfoMeta } from './discover.js';
import { statelessOptions } from './options.js';

const serverMeta = new WeakMap<Engine, Record<string, unknown>>();

export function postProcess2026(method: string, result: unknown, _request: MethodRequest, engine: Engine): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return result;
  const r = { ...(result as Record<string, unknown>) };
  r['resultType'] ??= 'complete';
  if (r['resultType'] === 'complete' && CACHEABLE_METHODS.has(method)) {
    r['ttlMs'] ??= statelessOptions(engine).listTtlMs;
    r['cacheScope'] ??= 'private';
  }
  let info = serverMeta.get(engine);
  if (info === undefined) {
    info = serverInfoMeta(engine);
    serverMeta.set(engine, info);
  }
  const meta = r['_meta'];
  r['_meta'] = typeof meta === 'object' && meta !== null ? { ...info, ...(meta as Record<string, unknown>) } : info;
  return r;
}

export function mapError2026(error: { code: number; message: string; data?: unknown }, request: MethodRequest): { code: number; message: string; data?: unknown } {
  if (error.code === RESOURCE_NOT_FOUND) {
    const uri = request.params?.['uri'];
    return { code: INVALID_PARAMS, message: error.message, data: { ...(typeof error.data === 'object' && error.data !== null ? error.data : {}), uri } };
  }
  return error;
}
