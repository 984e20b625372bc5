/**
 * RSS growth under load: on a fresh server, warm up with W calls, read RSS, then make N calls in two
 * halves, reading RSS after each. A leak keeps growing in the second half; a heap that settled does not.
 */
import { runWrk } from './wrk.mjs';
import { rssBytes } from './proc-stats.mjs';
import { LOADER_CORE } from './server.mjs';
import { callAdd } from './mcp-client.mjs';
import { startRow } from './row-runner.mjs';

/** Second-half growth below this counts as "no growth" (GC and allocator noise is a few MB). */
export const GROWTH_TOLERANCE_BYTES = 4 * 2 ** 20;

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
    const warm = await calls(options.warmCalls);
    const rssWarm = rssBytes(pid);
    const half = Math.ceil(options.calls / 2);
    const first = await calls(half);
    const rssHalf = rssBytes(pid);
    const second = await calls(options.calls - half);
    const rssEnd = rssBytes(pid);
    await callAdd(running.server.url, running.headers, 40, 2, 7);
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
      grows: rssEnd - rssHalf > GROWTH_TOLERANCE_BYTES,
    };
  } finally {
    await running.server.stop();
  }
}
