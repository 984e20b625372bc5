/**
 * Preloaded (`node --import`) into every node server under test. On SIGUSR2 it runs full garbage
 * collections and prints one line on stderr, `BENCH_GC_DONE {json}`, with what the heap holds afterwards.
 * The bench reads RSS after that line, so memory figures compare what each server keeps, not where V8's
 * heap sizing happened to be (old-space garbage waiting for the next major GC). The young generation is
 * reported apart: V8 grows it under sustained allocation up to a fixed maximum and does not shrink it on a
 * forced GC. Same preload, same flags for every row; nothing else in the servers sees it.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
let rounds = 0;
process.on('SIGUSR2', () => {
  gc();
  gc();
  rounds += 1;
  const m = process.memoryUsage();
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = s.space_size;
  const report = {
    round: rounds,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    newSpace: spaces.new_space ?? 0,
    oldSpace: spaces.old_space ?? 0,
    codeSpace: spaces.code_space ?? 0,
  };
  process.stderr.write(`BENCH_GC_DONE ${JSON.stringify(report)}\n`);
});
