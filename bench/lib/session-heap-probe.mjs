/**
 * Child process (run with --expose-gc): the JS heap an idle session of our app retains, measured
 * in-process where a full GC can be forced, which an RSS delta cannot separate from V8's heap sizing.
 * Usage: node --expose-gc session-heap-probe.mjs <app.gen.js path> <sessions>
 * Prints one line: SESSION_HEAP {"sessions":N,"heapBytesPerSession":B}
 */
import { pathToFileURL } from 'node:url';
import { initialize } from './mcp-client.mjs';

const [appModule, countText] = process.argv.slice(2);
const count = Number(countText);
if (typeof globalThis.gc !== 'function' || appModule === undefined || !(count > 0)) {
  process.stderr.write('usage: node --expose-gc session-heap-probe.mjs <app.gen.js> <sessions>\n');
  process.exit(2);
}
const { createApp } = await import(pathToFileURL(appModule).href);
const app = createApp();
const { url } = await app.listen(0, '127.0.0.1');

async function open(n, idBase) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) await initialize(url, {}, idBase + next++);
    }),
  );
}

async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

await open(Math.min(100, count), 1_000_000);
const before = await settledHeap();
await open(count, 2_000_000);
const after = await settledHeap();
process.stdout.write(`SESSION_HEAP ${JSON.stringify({ sessions: count, heapBytesPerSession: (after - before) / count })}\n`);
await app.close();
process.exit(0);
