/**
 * RSS growth under load: on a fresh server, warm up with W calls, then make N calls in two halves. After the
 * warm-up and after each half: RSS as it stands, then a full GC (gc-on-signal.mjs) and RSS, JS heap and young
 * generation after it. A leak keeps growing in the second half; a heap that settled does not. The verdict is on
 * the second half's growth of JS heap + external memory after GC (heap-after-gc.mjs says why RSS is not); the
 * RSS columns stay beside it.
 */
import { runWrk } from './wrk.mjs';
import { rssBytes } from './proc-stats.mjs';
import { LOADER_CORE } from './server.mjs';
import { callAdd } from './mcp-client.mjs';
import { startRow } from './row-runner.mjs';

/** Second-half growth of memory kept after GC below this counts as "no growth" (20 bytes a call over 50,000). */
export const KEPT_TOLERANCE_BYTES = 2 ** 20;
/** The same for raw RSS, judged only for a server without the GC report (heap sizing moves RSS by MBs). */
export const RSS_TOLERANCE_BYTES = 4 * 2 ** 20;

export async function measureGrowth(row, ctx, options) {
  const running = await startRow(row, ctx);
  try {
    const calls = async (count) => {
      const result = await runWrk({
        url: running.server.url,
        headers: running.headers,
        // A slow server (the SDK rows make a few hundred calls/s) is cut off: the table shows the calls made.
        seconds: options.quick ? 30 : 150,
        connections: options.connections,
        core: LOADER_CORE,
        maxResponses: count,
      });
      if (result.errorCount > 0) throw new Error(`${result.errorCount} failed requests (${JSON.stringify(result.errors)})`);
      if (result.requests === 0) throw new Error('no call completed');
      return result.requests;
    };
    const pid = running.server.pid;
    const checkpoint = async () => ({ rss: rssBytes(pid), kept: await running.server.collectGarbage?.() });
    const warm = await calls(options.warmCalls);
    const atWarm = await checkpoint();
    const half = Math.ceil(options.calls / 2);
    const first = await calls(half);
    const atHalf = await checkpoint();
    const second = await calls(options.calls - half);
    const atEnd = await checkpoint();
    await callAdd(running.server.url, running.headers, 40, 2, 7);
    const rssWarm = atWarm.rss;
    const rssHalf = atHalf.rss;
    const rssEnd = atEnd.rss;
    const kept = atWarm.kept && atHalf.kept && atEnd.kept
      ? {
          keptWarm: atWarm.kept,
          keptHalf: atHalf.kept,
          keptEnd: atEnd.kept,
          keptSecondHalfBytes: atEnd.kept.keptBytes - atHalf.kept.keptBytes,
        }
      : undefined;
    // Without the GC report (not a node server) only raw RSS can be judged.
    const judged = kept ? kept.keptSecondHalfBytes : rssEnd - rssHalf;
    return {
      id: row.id,
      ok: true,
      warmCalls: warm,
      calls: first + second,
      budgetHit: first + second < options.calls * 0.99,
      rssWarmBytes: rssWarm,
      rssHalfBytes: rssHalf,
      rssEndBytes: rssEnd,
      growthBytes: rssEnd - rssWarm,
      secondHalfGrowthBytes: rssEnd - rssHalf,
      ...(kept ?? {}),
      judgedSecondHalfBytes: judged,
      grows: judged > (kept ? KEPT_TOLERANCE_BYTES : RSS_TOLERANCE_BYTES),
    };
  } finally {
    await running.server.stop();
  }
}
