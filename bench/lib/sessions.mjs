/**
 * Memory per idle session: on a fresh server, warm the session path (100 sessions), then open N sessions with
 * wrk (initialize + notifications/initialized, 50 connections; bench/wrk/mcp-sessions.lua) and let them idle.
 * Two figures per row, both divided by N:
 * - raw: the RSS growth across the burst, as `ps` would show it (includes V8 growing its heap for the burst);
 * - kept: the growth of JS heap + external memory from before the warm-up to after the burst, each read after a
 *   full GC (gc-on-signal.mjs), divided by every session opened in between: what the sessions' objects hold,
 *   without V8's heap sizing (heap-after-gc.mjs says why). The target is judged on it.
 * Also the wall time to open them and the server CPU it took. A server too slow to open N within the time
 * budget is measured on the sessions it did open (the table says how many). The whole measurement is repeated
 * on fresh servers (3 times, quick: once) and each figure is the median of the repeats: one burst of 1,000
 * sessions on a cold server moves by 30 % from run to run on a shared machine.
 *
 * A stateless row marked `coldReference` (bare node:http) opens no sessions; it is timed instead on as many
 * requests (2 per session: tools/call) on a fresh server after the same warm-up: what node:http itself needs
 * for that many requests before V8 has optimized it, measured in the same run (the machine's speed moves by
 * tens of percent over minutes, so an absolute open time is read against it).
 */
import { cpuSeconds, rssBytes } from './proc-stats.mjs';
import { median, sleep } from './stats.mjs';
import { startRow } from './row-runner.mjs';
import { LOADER_CORE } from './server.mjs';
import { openSessionsWithWrk, runWrk } from './wrk.mjs';

export async function measureSessions(row, ctx, options) {
  const repeats = options.quick ? 1 : 3;
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    const run = row.coldReference ? await measureColdRequestsOnce(row, ctx, options) : await measureSessionsOnce(row, ctx, options);
    if (run.stateless && !run.coldReference) return run;
    runs.push(run);
  }
  if (row.coldReference) {
    const openSeconds = median(runs.map((r) => r.openSeconds));
    return { ...runs[0], repeats, openSecondsRuns: runs.map((r) => r.openSeconds), openSeconds, serverCpuSeconds: median(runs.map((r) => r.serverCpuSeconds)) };
  }
  const mid = (pick) => median(runs.map(pick));
  const openSeconds = mid((r) => r.openSeconds);
  // RSS before/after and the young generation come from the repeat whose open time is the median.
  const typical = runs.reduce((best, r) => (Math.abs(r.openSeconds - openSeconds) < Math.abs(best.openSeconds - openSeconds) ? r : best));
  return {
    ...typical,
    repeats,
    openSecondsRuns: runs.map((r) => r.openSeconds),
    openSeconds,
    serverCpuSeconds: mid((r) => r.serverCpuSeconds),
    bytesPerSession: mid((r) => r.bytesPerSession),
    ...(typical.keptBytesPerSession !== undefined ? { keptBytesPerSession: mid((r) => r.keptBytesPerSession) } : {}),
  };
}

/** The cold-request reference: 2 x N tools/call on a fresh server after 2 x 100, like a session burst. */
async function measureColdRequestsOnce(row, ctx, options) {
  const running = await startRow(row, ctx);
  try {
    const calls = (count, seconds) =>
      runWrk({ url: running.server.url, headers: running.headers, seconds, connections: options.connections, core: LOADER_CORE, maxResponses: count });
    const budget = options.quick ? 5 : 30;
    await calls(2 * Math.min(100, options.sessions), Math.ceil(budget / 3));
    await sleep(options.quick ? 300 : 1000);
    const cpuBefore = cpuSeconds(running.server.pid);
    const wanted = 2 * options.sessions;
    const result = await calls(wanted, budget);
    const serverCpuSeconds = cpuSeconds(running.server.pid) - cpuBefore;
    if (result.errorCount > 0) throw new Error(`${result.errorCount} failed requests in the cold-request reference`);
    // timed until the wanted-th reply (wrk counts a few more that were in flight when it stopped)
    if (result.requests < wanted) throw new Error(`only ${result.requests} of ${wanted} requests answered within ${budget} s`);
    return { id: row.id, ok: true, stateless: true, coldReference: true, requests: wanted, openSeconds: result.elapsedSeconds, serverCpuSeconds };
  } finally {
    await running.server.stop();
  }
}

async function measureSessionsOnce(row, ctx, options) {
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
    // The forced GC comes before the warm-up, not right before the timed burst: a full GC resets V8's heap
    // sizing, and the burst would then pay for growing it again (measured: 0.5 s instead of 0.4 s to open).
    // Kept memory is then divided by every session opened after that GC (warm-up included).
    const keptBefore = await running.server.collectGarbage?.();
    const warm = await open(Math.min(100, options.sessions), Math.ceil(budget / 3));
    await sleep(options.quick ? 300 : 1000);
    const before = rssBytes(pid);
    const cpuBefore = cpuSeconds(pid);
    const result = await open(options.sessions, budget);
    const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
    if (result.opened === 0) throw new Error(`no session opened (${result.failed} failed replies)`);
    await sleep(options.quick ? 300 : 1000);
    const after = rssBytes(pid);
    const keptAfter = keptBefore === undefined ? undefined : await running.server.collectGarbage?.();
    const kept = keptBefore !== undefined && keptAfter !== undefined
      ? {
          keptBytesPerSession: (keptAfter.keptBytes - keptBefore.keptBytes) / (warm.opened + result.opened),
          youngGenBeforeBytes: keptBefore.youngGenBytes,
          youngGenAfterBytes: keptAfter.youngGenBytes,
        }
      : undefined;
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
      ...(kept ?? {}),
    };
  } finally {
    await running.server.stop();
  }
}
