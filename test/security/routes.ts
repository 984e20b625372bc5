/** Every protected route of an app, as one request each (used to check 401/403 everywhere). */
import { JSON_HEADERS, PROTOCOL } from './app.js';

export interface RouteCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** The answer may be an open SSE stream: only the status counts. */
  readonly stream?: boolean;
}

const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 't', version: '1' } } });

export const PROTECTED_ROUTES: readonly RouteCase[] = [
  { name: 'POST /mcp initialize', method: 'POST', path: '/mcp', headers: JSON_HEADERS, body: init },
  { name: 'POST /mcp mcp.list', method: 'POST', path: '/mcp', headers: JSON_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'mcp.list' }) },
  { name: 'GET /mcp', method: 'GET', path: '/mcp', headers: { Accept: 'text/event-stream' }, stream: true },
  { name: 'DELETE /mcp', method: 'DELETE', path: '/mcp', headers: { 'Mcp-Session-Id': 'x' } },
  { name: 'GET /mcp/list', method: 'GET', path: '/mcp/list', headers: {} },
  { name: 'POST /mcp/call', method: 'POST', path: '/mcp/call', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }) },
  { name: 'POST /mcp/batch', method: 'POST', path: '/mcp/batch', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }]) },
  { name: 'POST /tools/math.add', method: 'POST', path: '/tools/math.add', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 1, b: 2 }) },
  { name: 'GET /resources/about', method: 'GET', path: '/resources/about', headers: {} },
  { name: 'POST /prompts/greet', method: 'POST', path: '/prompts/greet', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'x' }) },
  // Docs and metrics follow auth (MCP_DOCS_PUBLIC=true opens the docs; metrics are on by default).
  { name: 'GET /docs.json', method: 'GET', path: '/docs.json', headers: {} },
  { name: 'GET /swagger', method: 'GET', path: '/swagger', headers: {} },
  { name: 'GET /swagger/swagger-ui.css', method: 'GET', path: '/swagger/swagger-ui.css', headers: {} },
  { name: 'GET /metrics', method: 'GET', path: '/metrics', headers: {} },
];

/**
 * Docs need credentials when auth is on unless MCP_DOCS_PUBLIC=true; either way they pass the Host/Origin guards
 * and never reveal role-hidden elements.
 */
export const DOCS_ROUTES: readonly RouteCase[] = [
  { name: 'GET /docs.json', method: 'GET', path: '/docs.json', headers: {} },
  { name: 'GET /swagger', method: 'GET', path: '/swagger', headers: {} },
];

export const PUBLIC_ROUTES: readonly RouteCase[] = [
  { name: 'GET /healthz', method: 'GET', path: '/healthz', headers: {} },
  { name: 'GET /readyz', method: 'GET', path: '/readyz', headers: {} },
];
