/**
 * A minimal Streamable HTTP MCP client for the bench's own checks and session set-up (the load
 * itself comes from wrk). It reads JSON and SSE replies and verifies what the server answered.
 */
import http from 'node:http';

export const CLIENT_PROTOCOL_VERSION = '2025-11-25';

/** One shared keep-alive agent: opening 1,000 sessions should not open 1,000 TCP connections. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * POSTs one JSON-RPC message.
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
export function post(url, message, headers = {}, timeoutMs = 10_000) {
  const body = JSON.stringify(message);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Extracts the JSON-RPC response with `id` from a JSON or SSE reply; throws naming what came back. */
export function replyFor(reply, id, what) {
  const type = String(reply.headers['content-type'] ?? '');
  let messages;
  try {
    if (type.startsWith('text/event-stream')) {
      messages = [];
      for (const event of reply.text.split(/\r?\n\r?\n/)) {
        const data = event
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (data !== '') messages.push(JSON.parse(data));
      }
    } else {
      const parsed = JSON.parse(reply.text);
      messages = Array.isArray(parsed) ? parsed : [parsed];
    }
  } catch {
    throw new Error(`${what}: HTTP ${reply.status} with an unreadable ${type || 'untyped'} body: ${reply.text.slice(0, 200)}`);
  }
  const message = messages.find((m) => m && m.id === id);
  if (message === undefined) throw new Error(`${what}: HTTP ${reply.status}, no response with id ${id}: ${reply.text.slice(0, 200)}`);
  if (message.error !== undefined) throw new Error(`${what}: JSON-RPC error ${JSON.stringify(message.error)}`);
  return message;
}

/**
 * Opens an MCP session: initialize, then notifications/initialized.
 * @param {string} url the MCP endpoint
 * @param {Record<string,string>} headers extra headers (auth)
 * @returns {Promise<{ sessionId: string | undefined, protocolVersion: string, replyType: string }>}
 */
export async function initialize(url, headers = {}, id = 1) {
  const reply = await post(
    url,
    {
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: CLIENT_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-gen-bench', version: '1.0.0' } },
    },
    headers,
  );
  const message = replyFor(reply, id, `initialize at ${url}`);
  const sessionHeader = reply.headers['mcp-session-id'];
  const sessionId = typeof sessionHeader === 'string' && sessionHeader !== '' ? sessionHeader : undefined;
  const protocolVersion = String(message.result?.protocolVersion ?? CLIENT_PROTOCOL_VERSION);
  const after = sessionHeaders(headers, sessionId, protocolVersion);
  const ack = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, after);
  if (ack.status !== 202 && ack.status !== 200 && ack.status !== 204) {
    throw new Error(`notifications/initialized at ${url}: HTTP ${ack.status} ${ack.text.slice(0, 200)}`);
  }
  return { sessionId, protocolVersion, replyType: String(reply.headers['content-type'] ?? '') };
}

/** The headers every request after initialize carries. */
export function sessionHeaders(headers, sessionId, protocolVersion) {
  const out = { ...headers, 'mcp-protocol-version': protocolVersion };
  if (sessionId !== undefined) out['mcp-session-id'] = sessionId;
  return out;
}

/** Calls `add(a, b)` and checks the sum (structured content, else the text content). */
export async function callAdd(url, headers, a, b, id = 2) {
  const reply = await post(url, { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'add', arguments: { a, b } } }, headers);
  const message = replyFor(reply, id, `tools/call add at ${url}`);
  const result = message.result ?? {};
  let sum = result.structuredContent?.sum;
  if (sum === undefined) {
    const text = result.content?.find((c) => c.type === 'text')?.text;
    try {
      sum = JSON.parse(text).sum;
    } catch {
      sum = Number(text);
    }
  }
  if (result.isError === true || sum !== a + b) {
    throw new Error(`tools/call add(${a}, ${b}) at ${url} answered ${JSON.stringify(result).slice(0, 200)}`);
  }
  return { replyType: String(reply.headers['content-type'] ?? '') };
}
