/**
 * The bench's memory probe (bench/lib/gc-on-signal.mjs + heap-after-gc.mjs) on a real child process: memory the
 * child keeps shows in `keptBytes`, garbage it dropped does not. Sizes only, never timings.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs bench module without types
import { GC_PRELOAD, gcReporter } from '../../bench/lib/heap-after-gc.mjs';

type MemoryAfterGc = { rssBytes: number; heapUsedBytes: number; youngGenBytes: number; externalBytes: number; keptBytes: number };

// The child keeps what `keep N` asks for (N MB of small objects) and drops what `drop N` allocates.
const CHILD = `
const kept = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  const [verb, mb] = line.trim().split(' ');
  const objects = Number(mb) * 1024 * 1024 / 64;
  const made = [];
  for (let i = 0; i < objects; i++) made.push({ a: i, b: 'x' + i });
  if (verb === 'keep') kept.push(made);
  process.stdout.write('done\\n');
});
process.stdout.write('ready\\n');
`;

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

async function start(): Promise<{ ask: (line: string) => Promise<void>; measure: () => Promise<MemoryAfterGc> }> {
  const c = spawn(process.execPath, ['--import', GC_PRELOAD, '-e', CHILD], { stdio: ['pipe', 'pipe', 'pipe'] });
  child = c;
  c.stdout.setEncoding('utf8');
  c.stderr.setEncoding('utf8');
  const measure = gcReporter(c) as () => Promise<MemoryAfterGc>;
  const nextLine = async (): Promise<string> => String((await once(c.stdout, 'data'))[0]).trim();
  expect(await nextLine()).toBe('ready');
  return {
    ask: async (line) => {
      c.stdin.write(`${line}\n`);
      expect(await nextLine()).toBe('done');
    },
    measure,
  };
}

describe('bench memory probe', () => {
  it('counts memory the process keeps and not the garbage it dropped', async () => {
    const { ask, measure } = await start();
    const before = await measure();
    expect(before.keptBytes).toBe(before.heapUsedBytes + before.externalBytes);
    expect(before.youngGenBytes).toBeGreaterThan(0);
    expect(before.rssBytes).toBeGreaterThan(before.heapUsedBytes);

    await ask('drop 16');
    const afterGarbage = await measure();
    expect(afterGarbage.keptBytes - before.keptBytes).toBeLessThan(2 ** 20);

    await ask('keep 8');
    const afterKeep = await measure();
    // 8 MB asked; objects and strings cost at least that much, and the GC can free none of it.
    expect(afterKeep.keptBytes - afterGarbage.keptBytes).toBeGreaterThan(6 * 2 ** 20);
  }, 30_000);

  it('names the problem when the process has no preload', async () => {
    const c = spawn(process.execPath, ['-e', 'process.on("SIGUSR2", () => {}); setTimeout(() => {}, 10_000)'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = c;
    await new Promise((r) => setTimeout(r, 300));
    const measure = gcReporter(c) as (timeoutMs?: number) => Promise<MemoryAfterGc>;
    await expect(measure(500)).rejects.toThrow(/no GC report within 500 ms/);
  }, 10_000);
});
