/**
 * Row `bare`: the practical limit. A node:http server that reads the body, parses JSON-RPC,
 * validates `add`'s arguments by hand and answers JSON - no framework, no sessions, no MCP SDK.
 */
import { createServer } from 'node:http';
import { answer } from './shared/json-rpc.mjs';
import { listenAndAnnounce } from './shared/serve.mjs';

const MAX_BODY = 1 << 20;

function send(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.url !== '/mcp') return send(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      send(res, 413, { error: 'body too large' });
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    let message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    const reply = answer(message);
    if (reply === undefined) {
      res.writeHead(202);
      return res.end();
    }
    send(res, 200, reply);
  });
});

listenAndAnnounce(server);
