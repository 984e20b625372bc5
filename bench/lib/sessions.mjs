/**
 * Memory per idle session: on a fresh server, warm the session path, then open N sessions
 * (initialize + notifications/initialized, 16 at a time over keep-alive connections), let them idle,
 * and divide the RSS growth by N. Also the wall time to open them. A server too slow to open N within
 * the time budget is measured on the sessions it did open (the table says how many).
 */
import { cpuSeconds, rssBytes } from './proc-stats.mjs';
import { initialize } from './mcp-client.mjs';
import { sleep } from './stats.mjs';
import { startRow } from './row-runner.mjs';
import { runToEnd } from './children.mjs';
import { SERVER_CORE } from './server.mjs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { APP_DIR } from './our-app.mjs';

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

/** Sessions opened at once (each is initialize then notifications/initialized, in order). */
const PARALLEL = 16;

/** Opens up to `count` sessions, starting no new one after `budgetMs` (a slow server must not stall the run). */
async function openSessions(url, auth, count, idBase, budgetMs) {
  let next = 0;
  let opened = 0;
  const deadline = performance.now() + budgetMs;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const session = await initialize(url, auth, idBase + i);
      if (session.sessionId === undefined) throw new Error(`initialize #${i} returned no Mcp-Session-Id`);
      opened++;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return opened;
}

export async function measureSessions(row, ctx, options) {
  const running = await startRow(row, ctx);
  try {
    if (running.sessionId === undefined) return { id: row.id, ok: true, stateless: true };
    const auth = running.spec.authHeaders ?? {};
    const url = running.server.url;
    const pid = running.server.pid;
    const budgetMs = (options.quick ? 5 : 30) * 1000;
    await openSessions(url, auth, Math.min(100, options.sessions), 1_000_000, budgetMs / 3);
    await sleep(options.quick ? 300 : 1000);
    const before = rssBytes(pid);
    const cpuBefore = cpuSeconds(pid);
    const started = performance.now();
    const opened = await openSessions(url, auth, options.sessions, 2_000_000, budgetMs);
    const seconds = (performance.now() - started) / 1000;
    const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
    await sleep(options.quick ? 300 : 1000);
    const after = rssBytes(pid);
    return {
      id: row.id,
      ok: true,
      stateless: false,
      sessions: opened,
      budgetHit: opened < options.sessions,
      openSeconds: seconds,
      serverCpuSeconds,
      rssBeforeBytes: before,
      rssAfterBytes: after,
      bytesPerSession: (after - before) / opened,
    };
  } finally {
    await running.server.stop();
  }
}
