/**
 * flask-mcp-server's REST routes under the MCP mount: `GET|POST /mcp/list`, `POST /mcp/call`
 * ({ kind, name, args }) and `POST /mcp/batch` (an array of calls, answered item by item: one failing
 * item never fails the others). Same guards, roles, validation and middleware as /mcp. Errors answer
 * `{ error: { code, message, data?, rpcCode } }`; batch items `{ ok: true, result }` | `{ ok: false, error }`.
 */
import type { CallerIdentity } from '../../handler/context.js';
import { assertJsonDepth } from '../../middleware/limits/index.js';
import { HttpError } from '../../middleware/types.js';
import { legacyList } from '../../protocol/methods/index.js';
import type { JsonRpcResponse } from '../../protocol/types.js';
import type { Engine } from '../../server/engine.js';
import { STATUS_BY_NAME, rpcErrorDetail } from './error-body.js';
import { chargeBatch, ensureBody, type GuardContext } from './guards.js';
import { MAX_BATCH } from './post.js';
import { JSON_HEADERS, isJsonContentType } from './headers.js';


/** HTTP status for a JSON-RPC error of a legacy call. */
function statusOf(error: { code: number; data?: unknown }): number {
  const name = (error.data as { error?: unknown } | undefined)?.error;
  if (typeof name === 'string' && STATUS_BY_NAME[name] !== undefined) return STATUS_BY_NAME[name];
  switch (error.code) {
    case -32002:
    case -32601:
      return 404;
    case -32603:
      return 500;
    default:
      return 400;
  }
}

/** Retry-After for a refusal the client may retry (rate limit, busy, store outage). */
function retryHeaders(status: number, data: unknown): Record<string, string> {
  if (status !== 429 && status !== 503) return {};
  const sec = (data as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
  return { 'retry-after': typeof sec === 'number' && Number.isFinite(sec) ? String(Math.max(1, Math.ceil(sec))) : '1' };
}

function send(r: GuardContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  r.res.writeHead(status, { ...JSON_HEADERS, ...headers });
  r.res.end(JSON.stringify(body));
}

async function bodyOf(engine: Engine, r: GuardContext, parsed: unknown): Promise<unknown> {
  if (parsed !== undefined && typeof parsed === 'object') {
    // a host parser read it (mounted router): the same depth limit, on the bytes it came from
    if (r.rawBody !== undefined) assertJsonDepth(r.rawBody, engine.settings.maxJsonDepth);
    return parsed;
  }
  if (!isJsonContentType(r.req.headers['content-type'])) throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json', {}, -32600);
  const raw = await ensureBody(r, engine.settings.maxBodyBytes);
  assertJsonDepth(raw, engine.settings.maxJsonDepth);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'parse_error', 'the body is not valid JSON', {}, -32700);
  }
}

async function callOne(engine: Engine, item: unknown, caller: CallerIdentity, ip: string): Promise<JsonRpcResponse> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { jsonrpc: '2.0', id: 0, error: { code: -32600, message: 'each call must be an object { kind, name, args }' } };
  }
  return engine.dispatchDirect('mcp.call', item as Record<string, unknown>, { caller, ip, transport: 'http' });
}

export async function handleLegacy(engine: Engine, r: GuardContext, route: 'list' | 'call' | 'batch', parsed: unknown, caller: CallerIdentity): Promise<void> {
  if (route === 'list') {
    if (r.method !== 'GET' && r.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use GET or POST', { allow: 'GET, POST' });
    send(r, 200, legacyList(engine, caller));
    return;
  }
  if (r.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
  const body = await bodyOf(engine, r, parsed);
  if (route === 'call') {
    const reply = await callOne(engine, body, caller, r.ip);
    if ('error' in reply) {
      const status = statusOf(reply.error);
      send(r, status, { error: rpcErrorDetail(reply.error) }, retryHeaders(status, reply.error.data));
    }
    else send(r, 200, reply.result);
    return;
  }
  if (!Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'the batch body must be a JSON array of { kind, name, args }', {}, -32600);
  if (body.length > MAX_BATCH) throw new HttpError(400, 'invalid_request', `a batch holds at most ${MAX_BATCH} calls`, {}, -32600);
  // a batch of N counts N requests against the rate limit before any of them runs
  const charged = chargeBatch(engine.guards, r, body.length);
  if (charged !== undefined) await charged;
  const replies = await Promise.all(body.map((item) => callOne(engine, item, caller, r.ip)));
  send(
    r,
    200,
    replies.map((reply) => ('error' in reply ? { ok: false, error: rpcErrorDetail(reply.error) } : { ok: true, result: reply.result })),
  );
}
