/**
 * What a client sends must not decide how much the server logs: through real HTTP, requests carrying megabytes in
 * the fields that reach log lines (JSON-RPC method, tool name, path, string id, template parameters) each add
 * at most a few KB of log, one line per request, with CR/LF and ANSI escapes kept inside the JSON line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../security/app.js';
import { send } from '../security/http.js';
import { openSession, type RawSession } from '../security/mcp-client.js';

let t: TestApp;
let s: RawSession;
beforeAll(async () => {
  t = await startApp({ MCP_MAX_BODY_BYTES: String(2 * 1024 * 1024) });
  s = await openSession(t.url);
});
afterAll(() => t.close());

const HUGE = 'a\r\n\u001b[31m{"level":50,"msg":"forged"}\u001b[0m' + 'Z'.repeat(1_000_000);

async function logged(act: () => Promise<unknown>): Promise<string[]> {
  const before = t.logs.join('').length;
  await act();
  await new Promise((r) => setTimeout(r, 50)); // the request line is written on 'finish'
  return t.logs
    .join('')
    .slice(before)
    .split('\n')
    .filter((l) => l.trim() !== '');
}

describe('log size per request is bounded', () => {
  // [case, at least one line expected] (Express's own 404s write no request line)
  const cases: Array<[string, () => Promise<unknown>, boolean?]> = [
    ['a 1 MB JSON-RPC method name', () => s.rpc(HUGE, {})],
    ['a 1 MB tool name', () => s.rpc('tools/call', { name: HUGE, arguments: {} })],
    ['a 1 MB string id on a failing call', () => send(t.url, { method: 'POST', headers: s.headers(), body: JSON.stringify({ jsonrpc: '2.0', id: HUGE, method: 'tools/call', params: { name: 'crash', arguments: {} } }) })],
    ['a 1 MB template parameter', () => s.rpc('resources/read', { uri: `docs://${HUGE}` })],
    ['a 1 MB REST tool name', () => send(`${t.base}/tools/${encodeURIComponent(HUGE.slice(0, 12_000))}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })],
    ['a 12 KB unknown path', () => send(`${t.base}/${'p'.repeat(12_000)}`), false],
  ];
  for (const [name, act, logs = true] of cases) {
    it(name, async () => {
      const lines = await logged(act);
      if (logs) expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const l of lines) {
        expect(l.length, l.slice(0, 200)).toBeLessThan(12_000);
        const parsed = JSON.parse(l) as { msg?: string };
        expect(parsed.msg).not.toBe('forged');
        expect(l).not.toContain('\u001b');
      }
      expect(lines.join('').length).toBeLessThan(16_000);
    });
  }
});
