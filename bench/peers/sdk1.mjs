/**
 * Rows `sdk1-stateless` / `sdk1-stateful`: the official TypeScript SDK 1.x (`@modelcontextprotocol/sdk`),
 * wired the way its documentation shows: createMcpExpressApp + StreamableHTTPServerTransport.
 * Stateless: a fresh McpServer and transport per request. Stateful (`--stateful`): one pair per session,
 * found by the Mcp-Session-Id header. JSON replies (enableJsonResponse), like the other JSON rows.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ADD_DESCRIPTION } from './shared/add-tool.mjs';
import { listenAndAnnounce } from './shared/serve.mjs';

const stateful = process.argv.includes('--stateful');

function buildServer() {
  const server = new McpServer({ name: 'bench-sdk1', version: '1.0.0' });
  server.registerTool(
    'add',
    {
      description: ADD_DESCRIPTION,
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => {
      const sum = a + b;
      return { content: [{ type: 'text', text: JSON.stringify({ sum }) }], structuredContent: { sum } };
    },
  );
  return server;
}

function jsonRpcError(res, status, message) {
  res.status(status).json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

const app = createMcpExpressApp();

if (stateful) {
  /** @type {Map<string, StreamableHTTPServerTransport>} */
  const transports = new Map();
  app.post('/mcp', async (req, res) => {
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (transport === undefined) {
      if (sessionId !== undefined || !isInitializeRequest(req.body)) return jsonRpcError(res, 400, 'Bad Request: no valid session');
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId !== undefined) transports.delete(transport.sessionId);
      };
      await buildServer().connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
  });
  app.delete('/mcp', async (req, res) => {
    const transport = transports.get(String(req.headers['mcp-session-id']));
    if (transport === undefined) return jsonRpcError(res, 404, 'Session not found');
    await transport.handleRequest(req, res);
  });
} else {
  app.post('/mcp', async (req, res) => {
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}

listenAndAnnounce(createServer(app));
