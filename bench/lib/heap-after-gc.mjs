/**
 * Memory a server keeps, read after full garbage collections: the bench preloads gc-on-signal.mjs into every
 * node server, sends it SIGUSR2 and waits for its `BENCH_GC_DONE {json}` line, then reads RSS from /proc.
 * `keptBytes` is the JS heap in use plus external memory (Buffers) after the GC: what the server's objects
 * hold. RSS moves with V8's heap sizing besides: the young generation grows under sustained allocation
 * (4 -> 8 -> 16 -> 32 MB committed here, bounded by --max-semi-space-size), is not shrunk by a GC, and its
 * pages count in RSS only once touched, so RSS steps of 5-15 MB come and go without any object behind them.
 */
import { rssBytes } from './proc-stats.mjs';

/** The preload every node server under test gets (`node --import <this URL> ...`). */
export const GC_PRELOAD = new URL('./gc-on-signal.mjs', import.meta.url).href;

/**
 * @typedef {{ rssBytes: number, heapUsedBytes: number, youngGenBytes: number, externalBytes: number,
 *             keptBytes: number }} MemoryAfterGc
 */

/**
 * Watches a child's stderr for the preload's reports; returns a function that triggers one full GC and
 * resolves with the memory after it.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {(timeoutMs?: number) => Promise<MemoryAfterGc>}
 */
export function gcReporter(child) {
  let buffered = '';
  /** @type {((report: any) => void) | undefined} */
  let waiting;
  child.stderr.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('BENCH_GC_DONE ') && waiting) {
        const done = waiting;
        waiting = undefined;
        done(JSON.parse(line.slice('BENCH_GC_DONE '.length)));
      }
    }
    if (buffered.length > 65_536) buffered = buffered.slice(-4096); // a chatty server without newlines
  });
  return async (timeoutMs = 15_000) => {
    if (waiting) throw new Error('a GC report is already awaited');
    const report = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting = undefined;
        reject(new Error(`no GC report within ${timeoutMs} ms (is the server a node process with the bench preload?)`));
      }, timeoutMs);
      waiting = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      child.kill('SIGUSR2');
    });
    const rss = rssBytes(child.pid);
    return {
      rssBytes: rss,
      heapUsedBytes: report.heapUsed,
      youngGenBytes: report.newSpace,
      externalBytes: report.external,
      keptBytes: report.heapUsed + report.external,
    };
  };
}
