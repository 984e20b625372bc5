/**
 * Memory per idle session: on a fresh server, warm the session path, then open N sessions with wrk
 * (initialize + notifications/initialized, 50 connections; bench/wrk/mcp-sessions.lua), let them idle, and
 * divide the RSS growth by N. Also the wall time to open them and the server CPU it took. A server too slow
 * to open N within the time budget is measured on the sessions it did open (the table says how many).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cpuSeconds, rssBytes } from './proc-stats.mjs';
import { sleep } from './stats.mjs';
import { startRow } from './row-runner.mjs';
import { runToEnd } from './children.mjs';
import { LOADER_CORE, SERVER_CORE } from './server.mjs';
import { APP_DIR } from './our-app.mjs';
import { openSessionsWithWrk } from './wrk.mjs';

const PROBE = fileURLToPath(new URL('./session-heap-probe.mjs', import.meta.url));

/**
 * Retained JS heap per idle session of our app (standalone, defaults), in a child with --expose-gc.
 * @returns {Promise<number>} bytes per session
 */
export async function measureOurSessionHeap(options) {
  const { stdout } = await runToEnd(
    process.execPath,
    ['--expose-gc', PROBE, join(APP_DIR, 'dist', 'generated', 'app.gen.js'), String(options.sessions)],
    { core: SERVER_CORE, env: { ...process.env, MCP_LOG_LEVEL: 'warn' }, timeoutMs: 120_000 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('SESSION_HEAP '));
  if (line === undefined) throw new Error(`session heap probe printed no result: ${stdout.slice(-300)}`);
  return JSON.parse(line.slice('SESSION_HEAP '.length)).heapBytesPerSession;
}

export async function measureSessions(row, ctx, options) {
  const running = await startRow(row, ctx);
  try {
    if (running.sessionId === undefined) return { id: row.id, ok: true, stateless: true };
    const open = (sessions, seconds) =>
      openSessionsWithWrk({
        url: running.server.url,
        headers: running.spec.authHeaders ?? {},
        sessions,
        seconds,
        connections: options.connections,
        core: LOADER_CORE,
      });
    const budget = options.quick ? 5 : 30;
    const pid = running.server.pid;
    await open(Math.min(100, options.sessions), Math.ceil(budget / 3));
    await sleep(options.quick ? 300 : 1000);
    const before = rssBytes(pid);
    const cpuBefore = cpuSeconds(pid);
    const result = await open(options.sessions, budget);
    const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
    if (result.opened === 0) throw new Error(`no session opened (${result.failed} failed replies)`);
    await sleep(options.quick ? 300 : 1000);
    const after = rssBytes(pid);
    return {
      id: row.id,
      ok: true,
      stateless: false,
      sessions: result.opened,
      failedReplies: result.failed,
      budgetHit: result.opened < options.sessions,
      openSeconds: result.seconds,
      serverCpuSeconds,
      rssBeforeBytes: before,
      rssAfterBytes: after,
      bytesPerSession: (after - before) / result.opened,
    };
  } finally {
    await running.server.stop();
  }
}
