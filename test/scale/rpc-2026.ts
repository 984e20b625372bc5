/**
 * Raw 2026-07-28 requests with the tasks extension declared, to one instance or the proxy (the 2.x
 * client cannot decode `resultType: 'task'`). The reply may be JSON or SSE.
 */

export const REV_2026 = '2026-07-28';
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

const META = {
  'io.modelcontextprotocol/protocolVersion': REV_2026,
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } },
  'io.modelcontextprotocol/clientInfo': { name: 'scale-rpc-2026', version: '1.0.0' },
};

export interface RpcReply {
  status: number;
  result?: Record<string, any>;
  error?: { code: number; message: string; data?: any };
}

let nextId = 1;

/**
 * @example
 * const created = await rpc2026(instance.url, 'tools/call', { name: 'slow_task', arguments: {} }, { 'x-api-key': 'k' });
 */
export async function rpc2026(url: string, method: string, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RpcReply> {
  const name = (params['name'] ?? params['taskId'] ?? params['uri']) as string | undefined;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': REV_2026,
      'mcp-method': method,
      ...(name !== undefined ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: { ...params, _meta: META } }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  const bodies = (res.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .filter((l) => l !== '')
    : [text];
  const reply = bodies.map((b) => JSON.parse(b) as Record<string, any>).find((m) => 'result' in m || 'error' in m);
  if (reply === undefined) throw new Error(`${method} on ${url}: no JSON-RPC response in ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, result: reply['result'], error: reply['error'] };
}
