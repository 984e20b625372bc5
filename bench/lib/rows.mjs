/**
 * The rows of the main table, in print order. The first row is the baseline every ratio divides by.
 * A row says how to start its server; our rows also need bench/app built (see our-app.mjs).
 */
import { fileURLToPath } from 'node:url';
import { ourRows } from './our-app.mjs';

const peer = (file) => fileURLToPath(new URL(`../peers/${file}`, import.meta.url));

/**
 * @typedef {{ id: string, label: string, group: 'peer' | 'ours', needs?: string[],
 *             spec: (ctx: any) => Promise<any> | any }} Row
 */

/** @type {Row[]} */
const peerRows = [
  {
    id: 'bare',
    label: 'node:http JSON-RPC, hand-written (the limit)',
    group: 'peer',
    // Opens no sessions; the sessions table times it on as many cold requests instead (the machine's floor).
    coldReference: true,
    spec: () => ({ command: process.execPath, args: [peer('bare-http.mjs')], path: '/mcp' }),
  },
  {
    id: 'express',
    label: 'express 5 JSON-RPC route (express.json)',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('express.mjs')], path: '/mcp' }),
  },
  {
    id: 'sdk1-stateless',
    label: 'SDK 1.x @modelcontextprotocol/sdk, stateless',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('sdk1.mjs')], path: '/mcp' }),
  },
  {
    id: 'sdk1-stateful',
    label: 'SDK 1.x @modelcontextprotocol/sdk, sessions',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('sdk1.mjs'), '--stateful'], path: '/mcp' }),
  },
  {
    id: 'sdk2-stateless',
    label: 'SDK 2.x @modelcontextprotocol/server+express, stateless',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('sdk2.mjs')], path: '/mcp' }),
  },
  {
    id: 'sdk2-stateful',
    label: 'SDK 2.x @modelcontextprotocol/server+express, sessions',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('sdk2.mjs'), '--stateful'], path: '/mcp' }),
  },
  {
    id: 'fastmcp-stateless',
    label: 'FastMCP (TypeScript), httpStream stateless',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('fastmcp.mjs'), '--stateless'], path: '/mcp' }),
  },
  {
    id: 'fastmcp',
    label: 'FastMCP (TypeScript), httpStream sessions',
    group: 'peer',
    spec: () => ({ command: process.execPath, args: [peer('fastmcp.mjs')], path: '/mcp' }),
  },
];

/** @type {Row[]} */
export const ROWS = [...peerRows, ...ourRows];

/** Selects rows by id (`--rows a,b`), keeping the table order; unknown ids are an error. */
export function selectRows(ids) {
  if (ids === undefined) return ROWS;
  const known = new Set(ROWS.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`--rows: unknown row(s) ${unknown.join(', ')}; known: ${ROWS.map((r) => r.id).join(', ')}`);
  }
  return ROWS.filter((r) => ids.includes(r.id));
}
