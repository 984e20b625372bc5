/** A raw MCP client over HTTP for tests: initialize, then JSON-RPC requests with the session id. */
import { send, type RawResponse } from './http.js';
import { JSON_HEADERS, PROTOCOL, rpcBody } from './app.js';

export interface RawSession {
  readonly sessionId: string;
  rpc(method: string, params?: unknown, extraHeaders?: Record<string, string>): Promise<{ res: RawResponse; body: any }>;
  headers(extra?: Record<string, string>): Record<string, string>;
}

let nextId = 1;

export async function openSession(url: string, auth: Record<string, string> = {}): Promise<RawSession> {
  const init = await send(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...auth },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'sec-test', version: '1' } } }),
  });
  if (init.status !== 200) throw new Error(`initialize failed: ${init.status} ${init.text}`);
  const sessionId = String(init.headers['mcp-session-id'] ?? '');
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...JSON_HEADERS,
    'MCP-Protocol-Version': PROTOCOL,
    ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}),
    ...auth,
    ...extra,
  });
  await send(url, { method: 'POST', headers: headers(), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  return {
    sessionId,
    headers,
    async rpc(method, params, extraHeaders = {}) {
      const res = await send(url, { method: 'POST', headers: headers(extraHeaders), body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) }) });
      let body: any;
      try {
        body = rpcBody(res.text);
      } catch {
        body = undefined;
      }
      return { res, body };
    },
  };
}
